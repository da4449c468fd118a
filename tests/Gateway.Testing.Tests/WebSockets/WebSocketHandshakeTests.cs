using System.Net;
using System.Text;

namespace Gateway.Testing.Tests;

public class WebSocketHandshakeTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Fact]
    public async Task The_scope_carries_a_browsers_handshake()
    {
        var captured = new TaskCompletionSource<(Scope Scope, Message First)>();
        GatewayApp app = async (scope, receive, send) =>
        {
            captured.SetResult((scope, await receive()));
            await send(new WebSocketAccept("chat"));
            await receive();
        };
        await using var client = new TestClient(app);
        client.DefaultRequestHeaders.Add("x-default", "d");
        var options = new TestWebSocketOptions { Subprotocols = { "chat", "superchat" }, Headers = [new("cookie", "session=1")] };

        await using var socket = await client.ConnectWebSocketAsync("/chat/r%C3%A9sum%C3%A9?room=1", options).WaitAsync(Timeout);
        var (scope, first) = await captured.Task;

        Assert.Same(WebSocketConnect.Instance, first);
        Assert.Equal(ScopeType.WebSocket, scope.Type);
        Assert.Equal("ws", scope.Scheme);
        Assert.Equal("GET", scope.Method);
        Assert.Equal("/chat/résumé", scope.Path);
        Assert.Equal("room=1", Encoding.ASCII.GetString(scope.QueryString.Span));
        Assert.Equal(["chat", "superchat"], scope.Subprotocols);
        Assert.Equal("testserver", scope.Headers.GetValue("host"));
        Assert.Equal("websocket", scope.Headers.GetValue("upgrade"));
        Assert.Equal("upgrade", scope.Headers.GetValue("connection"));
        Assert.Equal("13", scope.Headers.GetValue("sec-websocket-version"));
        Assert.Equal(16, Convert.FromBase64String(scope.Headers.GetValue("sec-websocket-key")!).Length);
        Assert.Equal("chat, superchat", scope.Headers.GetValue("sec-websocket-protocol"));
        Assert.Equal("d", scope.Headers.GetValue("x-default"));
        Assert.Equal("session=1", scope.Headers.GetValue("cookie"));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 50000), scope.Client);
        Assert.True(scope.Extensions.Has<IWebSocketDenialResponseCapability>());
        Assert.False(scope.Extensions.Has<IHttpResponseTrailersCapability>());
        Assert.Equal("chat", socket.SubProtocol);
    }

    [Theory]
    [InlineData("wss://secure.example/ws", "wss")]
    [InlineData("https://secure.example/ws", "wss")]
    [InlineData("ws://plain.example/ws", "ws")]
    public async Task The_scheme_follows_the_uri(string uri, string scheme)
    {
        var captured = new TaskCompletionSource<Scope>();
        GatewayApp app = async (scope, receive, send) =>
        {
            captured.SetResult(scope);
            await receive();
            await send(new WebSocketClose());
        };
        await using var client = new TestClient(app);

        await Assert.ThrowsAsync<WebSocketDeniedException>(() => client.ConnectWebSocketAsync(uri).WaitAsync(Timeout));

        Assert.Equal(scheme, (await captured.Task).Scheme);
    }

    [Fact]
    public async Task Accept_headers_reach_the_test()
    {
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(new WebSocketAccept(headers: [new("set-cookie", "token=abc")]));
            await receive();
        };
        await using var client = new TestClient(app);

        await using var socket = await client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout);

        Assert.Null(socket.SubProtocol);
        Assert.Equal("token=abc", socket.AcceptHeaders.GetValue("set-cookie"));
    }

    [Fact]
    public async Task Accepting_a_subprotocol_the_client_did_not_offer_is_a_violation()
    {
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(new WebSocketAccept("graphql-ws"));
        };
        await using var client = new TestClient(app);
        var options = new TestWebSocketOptions { Subprotocols = { "chat" } };

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.ConnectWebSocketAsync("/ws", options).WaitAsync(Timeout));

        Assert.Contains("graphql-ws", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_close_before_accepting_is_a_403_denial()
    {
        var afterClose = new TaskCompletionSource<Message>();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(new WebSocketClose(4003, "go away"));
            afterClose.SetResult(await receive());
        };
        await using var client = new TestClient(app);

        var denied = await Assert.ThrowsAsync<WebSocketDeniedException>(() => client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout));

        Assert.Equal(403, denied.Status);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Empty(denied.Headers);
        Assert.True(denied.Body.IsEmpty);
        var disconnect = Assert.IsType<WebSocketDisconnect>(await afterClose.Task.WaitAsync(Timeout));
        Assert.Equal(4003, disconnect.Code);
    }

    [Fact]
    public async Task A_denial_response_carries_status_headers_and_body()
    {
        GatewayApp app = async (scope, receive, send) =>
        {
            await receive();
            Assert.True(scope.Extensions.Has<IWebSocketDenialResponseCapability>());
            await send(new WebSocketHttpResponseStart(401, [new("www-authenticate", "Bearer"), new("content-type", "text/plain")]));
            await send(new WebSocketHttpResponseBody("log in "u8.ToArray(), moreBody: true));
            await send(new WebSocketHttpResponseBody("first"u8.ToArray()));
        };
        await using var client = new TestClient(app);

        var denied = await Assert.ThrowsAsync<WebSocketDeniedException>(() => client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout));

        Assert.Equal(401, denied.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal("Bearer", denied.Headers.GetValue("www-authenticate"));
        Assert.Equal("log in first", Encoding.ASCII.GetString(denied.Body.Span));
    }

    [Fact]
    public async Task A_denial_response_is_a_violation_when_not_offered()
    {
        GatewayApp app = async (scope, receive, send) =>
        {
            await receive();
            Assert.False(scope.Extensions.Has<IWebSocketDenialResponseCapability>());
            await send(new WebSocketHttpResponseStart(401));
        };
        await using var client = new TestClient(app, new TestClientOptions { OfferWebSocketDenialResponse = false });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout));

        Assert.Contains("IWebSocketDenialResponseCapability", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_before_accepting_is_a_violation()
    {
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            await send(new WebSocketSend("too early"));
        };
        await using var client = new TestClient(app);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout));

        Assert.Contains("before the handshake is answered", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exception_before_accepting_is_raised_or_denied_with_500()
    {
        var thrown = new TestAppException("handshake failed");
        GatewayApp app = async (_, receive, _) =>
        {
            await receive();
            throw thrown;
        };
        await using (var raising = new TestClient(app))
        {
            Assert.Same(thrown, await Assert.ThrowsAsync<TestAppException>(() => raising.ConnectWebSocketAsync("/ws").WaitAsync(Timeout)));
        }

        await using var client = new TestClient(app, new TestClientOptions { RaiseAppExceptions = false });
        var denied = await Assert.ThrowsAsync<WebSocketDeniedException>(() => client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout));
        Assert.Equal(500, denied.Status);
    }

    [Fact]
    public async Task Returning_without_answering_is_raised_or_denied_with_500()
    {
        GatewayApp app = async (_, receive, _) => await receive();
        await using (var raising = new TestClient(app))
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => raising.ConnectWebSocketAsync("/ws").WaitAsync(Timeout));
            Assert.Contains("without answering 'websocket.connect'", failure.Message, StringComparison.Ordinal);
        }

        await using var client = new TestClient(app, new TestClientOptions { RaiseAppExceptions = false });
        Assert.Equal(500, (await Assert.ThrowsAsync<WebSocketDeniedException>(() => client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout))).Status);
    }

    [Fact]
    public async Task An_unanswered_handshake_times_out_and_the_app_sees_the_client_leave()
    {
        var disconnect = new TaskCompletionSource<Message>();
        GatewayApp app = async (_, receive, _) =>
        {
            await receive();
            disconnect.SetResult(await receive());
        };
        await using var client = new TestClient(app, new TestClientOptions { Timeout = TimeSpan.FromMilliseconds(200) });

        await Assert.ThrowsAsync<TimeoutException>(() => client.ConnectWebSocketAsync("/ws").WaitAsync(Timeout));

        Assert.Equal(1006, Assert.IsType<WebSocketDisconnect>(await disconnect.Task.WaitAsync(Timeout)).Code);
    }

    [Fact]
    public async Task Cancelling_the_connect_aborts_the_handshake()
    {
        var aborted = new TaskCompletionSource();
        var waiting = new TaskCompletionSource();
        GatewayApp app = async (scope, receive, send) =>
        {
            scope.Aborted.Register(() => aborted.TrySetResult());
            await receive();
            waiting.SetResult();
            await aborted.Task.WaitAsync(Timeout);
            await Assert.ThrowsAsync<ClientDisconnectedException>(() => send(WebSocketAccept.Default).AsTask());
        };
        await using var client = new TestClient(app);
        using var cancel = new CancellationTokenSource();

        var connecting = client.ConnectWebSocketAsync("/ws", cancellationToken: cancel.Token);
        await waiting.Task.WaitAsync(Timeout);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting.WaitAsync(Timeout));
        await aborted.Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Invalid_connection_options_are_rejected()
    {
        await using var client = new TestClient(Apps.WebSocketEcho);

        await Assert.ThrowsAsync<ArgumentException>(() => client.ConnectWebSocketAsync("/ws", new TestWebSocketOptions { Subprotocols = { "not a token" } }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ConnectWebSocketAsync("/ws", new TestWebSocketOptions { MessageQueueCapacity = 0 }));
    }
}