using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;

using Gateway.Server.Tests.Connection.WebSockets;
using Gateway.Server.Tests.Support;
using Gateway.Testing;

namespace Gateway.Server.Tests.Integration;

/// <summary>
/// One suite, two hosts: every scenario runs against the real server (through <see cref="ClientWebSocket"/> over a
/// socket) and against Gateway.Testing's in-process <see cref="TestClient"/>, and must behave the same, so an app tested
/// with the test client behaves that way in production.
/// </summary>
public class WebSocketParityTests
{
    public static TheoryData<string> Hosts => new() { "server", "testclient" };

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Messages_echo_in_order_with_their_type_and_the_chosen_subprotocol(string kind)
    {
        await using var host = await Host.StartAsync(kind, WebSocketSessionTests.EchoApp);
        using var socket = await host.ConnectAsync("/ws", "chat.v1", "chat.v2");

        await SendAsync(socket, "first", WebSocketMessageType.Text);
        await SendAsync(socket, "second", WebSocketMessageType.Binary);
        await SendAsync(socket, string.Empty, WebSocketMessageType.Text);

        Assert.Equal("chat.v1", socket.SubProtocol);
        Assert.Equal((WebSocketMessageType.Text, "first"), await ReceiveAsync(socket));
        Assert.Equal((WebSocketMessageType.Binary, "second"), await ReceiveAsync(socket));
        Assert.Equal((WebSocketMessageType.Text, string.Empty), await ReceiveAsync(socket));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task The_apps_close_reaches_the_client_with_its_code_and_reason_and_the_app_then_receives_it_back(string kind)
    {
        var afterClose = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = Apps.WebSocket(async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await send(new WebSocketClose(4000, "policy"));
            afterClose.TrySetResult(await receive());
        });
        await using var host = await Host.StartAsync(kind, app);
        using var socket = await host.ConnectAsync("/ws");

        Assert.Equal((WebSocketMessageType.Close, string.Empty), await ReceiveAsync(socket));
        Assert.Equal((WebSocketCloseStatus)4000, socket.CloseStatus);
        Assert.Equal("policy", socket.CloseStatusDescription);
        var disconnect = Assert.IsType<WebSocketDisconnect>(await afterClose.Task.WaitAsync(Timeouts.Default));
        Assert.Equal(4000, disconnect.Code);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task An_app_that_returns_after_accepting_closes_with_1000_and_one_that_throws_with_1011(string kind)
    {
        var app = Apps.WebSocket(async (scope, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            if (scope.Path == "/fail")
            {
                throw new InvalidOperationException("the app broke");
            }
        });
        await using var host = await Host.StartAsync(kind, app);
        using var returning = await host.ConnectAsync("/return");
        using var failing = await host.ConnectAsync("/fail");

        Assert.Equal(WebSocketMessageType.Close, (await ReceiveAsync(returning)).Type);
        Assert.Equal(WebSocketMessageType.Close, (await ReceiveAsync(failing)).Type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, returning.CloseStatus);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, failing.CloseStatus);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task The_clients_close_is_echoed_and_the_app_gets_every_message_sent_before_it_then_the_code(string kind)
    {
        var received = new List<string>();
        var disconnect = new TaskCompletionSource<WebSocketDisconnect>(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = Apps.WebSocket(async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            while (true)
            {
                var message = await receive();
                if (message is WebSocketDisconnect gone)
                {
                    disconnect.TrySetResult(gone);
                    return;
                }

                received.Add(((WebSocketReceive)message).Text!);
            }
        });
        await using var host = await Host.StartAsync(kind, app);
        using var socket = await host.ConnectAsync("/ws");

        await SendAsync(socket, "a", WebSocketMessageType.Text);
        await SendAsync(socket, "b", WebSocketMessageType.Text);
        using var timeout = new CancellationTokenSource(Timeouts.Default);
        await socket.CloseAsync((WebSocketCloseStatus)4321, "leaving", timeout.Token);

        var gone = await disconnect.Task.WaitAsync(Timeouts.Default);
        Assert.Equal((4321, "leaving"), (gone.Code, gone.Reason));
        Assert.Equal(["a", "b"], received);
        Assert.Equal((WebSocketCloseStatus)4321, socket.CloseStatus);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task After_the_client_closed_the_apps_send_throws_ClientDisconnectedException(string kind)
    {
        var sendFailure = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = Apps.WebSocket(async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await receive();
            try
            {
                await send(new WebSocketSend("too late"));
                sendFailure.TrySetResult(null);
            }
            catch (Exception exception)
            {
                sendFailure.TrySetResult(exception);
            }
        });
        await using var host = await Host.StartAsync(kind, app);
        using var socket = await host.ConnectAsync("/ws");
        using var timeout = new CancellationTokenSource(Timeouts.Default);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);

        Assert.IsType<ClientDisconnectedException>(await sendFailure.Task.WaitAsync(Timeouts.Default));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_close_before_accepting_is_a_403_a_denial_response_keeps_its_status_and_no_answer_is_a_500(string kind)
    {
        var app = Apps.WebSocket(async (scope, receive, send) =>
        {
            await receive();
            switch (scope.Path)
            {
                case "/close":
                    await send(WebSocketClose.Normal);
                    break;
                case "/deny":
                    await send(new WebSocketHttpResponseStart(401, [new("content-type", "text/plain"), new("www-authenticate", "Bearer")]));
                    await send(new WebSocketHttpResponseBody("sign "u8.ToArray(), moreBody: true));
                    await send(new WebSocketHttpResponseBody("in"u8.ToArray()));
                    break;
                case "/throw":
                    throw new InvalidOperationException("failed before accepting");
            }
        });
        await using var host = await Host.StartAsync(kind, app);

        Assert.Equal(403, await host.RefusalStatusAsync("/close"));
        Assert.Equal(401, await host.RefusalStatusAsync("/deny"));
        Assert.Equal(500, await host.RefusalStatusAsync("/return"));
        Assert.Equal(500, await host.RefusalStatusAsync("/throw"));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Accepting_with_a_subprotocol_the_client_did_not_offer_fails_the_apps_send(string kind)
    {
        var failure = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = Apps.WebSocket(async (_, receive, send) =>
        {
            await receive();
            try
            {
                await send(new WebSocketAccept("not-offered"));
                failure.TrySetResult(null);
            }
            catch (InvalidOperationException exception)
            {
                failure.TrySetResult(exception);
                await send(WebSocketAccept.Default);
                await receive();
            }
        });
        await using var host = await Host.StartAsync(kind, app);
        using var socket = await host.ConnectAsync("/ws", "offered");

        Assert.IsType<InvalidOperationException>(await failure.Task.WaitAsync(Timeouts.Default));
        Assert.True(string.IsNullOrEmpty(socket.SubProtocol));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Sending_a_message_before_accepting_is_a_contract_violation(string kind)
    {
        var failure = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = Apps.WebSocket(async (_, receive, send) =>
        {
            await receive();
            try
            {
                await send(new WebSocketSend("early"));
                failure.TrySetResult(null);
            }
            catch (InvalidOperationException exception)
            {
                failure.TrySetResult(exception);
            }

            await send(WebSocketAccept.Default);
            await receive();
        });
        await using var host = await Host.StartAsync(kind, app);
        using var socket = await host.ConnectAsync("/ws");

        Assert.IsType<InvalidOperationException>(await failure.Task.WaitAsync(Timeouts.Default));
    }

    private static async Task SendAsync(WebSocket socket, string text, WebSocketMessageType type)
    {
        using var timeout = new CancellationTokenSource(Timeouts.Default);
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), type, endOfMessage: true, timeout.Token);
    }

    private static async Task<(WebSocketMessageType Type, string Text)> ReceiveAsync(WebSocket socket)
    {
        var (type, data) = await WebSocketSessionTests.ReceiveMessageAsync(socket);
        return (type, Encoding.UTF8.GetString(data));
    }

    /// <summary>The real server with <see cref="ClientWebSocket"/>, or the test client.</summary>
    private sealed class Host : IAsyncDisposable
    {
        private readonly GatewayServer? _server;
        private readonly TestClient? _client;

        private Host(GatewayServer? server, TestClient? client)
        {
            _server = server;
            _client = client;
        }

        public static async Task<Host> StartAsync(string kind, GatewayApp app) => kind == "server"
            ? new Host(await HttpTestServer.StartAsync(app), null)
            : new Host(null, new TestClient(app, new TestClientOptions { RaiseAppExceptions = false }));

        public async Task<WebSocket> ConnectAsync(string path, params string[] subprotocols)
        {
            if (_server is not null)
            {
                return await WebSocketSessionTests.ConnectAsync(_server, path, options =>
                {
                    foreach (var subprotocol in subprotocols)
                    {
                        options.AddSubProtocol(subprotocol);
                    }
                });
            }

            var options = new TestWebSocketOptions();
            foreach (var subprotocol in subprotocols)
            {
                options.Subprotocols.Add(subprotocol);
            }

            return await _client!.ConnectWebSocketAsync(path, options).WaitAsync(Timeouts.Default);
        }

        /// <summary>Connects expecting the handshake to be refused; returns the status it was refused with.</summary>
        public async Task<int> RefusalStatusAsync(string path)
        {
            if (_server is not null)
            {
                using var client = new ClientWebSocket();
                client.Options.CollectHttpResponseDetails = true;
                await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(WebSocketSessionTests.WebSocketUri(_server, path), CancellationToken.None).WaitAsync(Timeouts.Default));
                return (int)client.HttpStatusCode;
            }

            var denied = await Assert.ThrowsAsync<WebSocketDeniedException>(() => _client!.ConnectWebSocketAsync(path).WaitAsync(Timeouts.Default));
            return denied.Status;
        }

        public async ValueTask DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            if (_client is not null)
            {
                await _client.DisposeAsync();
            }
        }
    }
}