using System.Net;
using System.Net.WebSockets;
using System.Text;

using Gateway.Conformance;

namespace Gateway.Conformance.WebSockets;

/// <summary>
/// The contract's WebSocket rules, for servers reached over real sockets with <see cref="ClientWebSocket"/>
/// (Gateway.Server and the ASP.NET Core adapter; the TestClient has its own WebSocket client and tests). Compiled into
/// each of those test projects from tests/Shared/WebSocketConformance.
/// </summary>
public abstract class WebSocketConformanceTests
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Starts <paramref name="app"/>; the host's client base address gives the port.</summary>
    protected abstract Task<IContractHost> StartAsync(GatewayApp app);

    private static Uri WebSocketUri(IContractHost host, string path) => new($"ws://127.0.0.1:{host.Client.BaseAddress!.Port}{path}");

    private static GatewayApp WebSocket(Func<Scope, Receive, Send, ValueTask> handler) => (scope, receive, send) =>
        scope.Type == ScopeType.WebSocket ? handler(scope, receive, send) : ValueTask.CompletedTask;

    [Fact]
    public async Task Connect_comes_first_the_chosen_subprotocol_is_agreed_and_text_and_bytes_echo()
    {
        var first = new TaskCompletionSource<(Message Message, Scope Scope)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartAsync(WebSocket(async (scope, receive, send) =>
        {
            first.TrySetResult((await receive(), scope));
            await send(new WebSocketAccept(scope.Subprotocols.Contains("v2") ? "v2" : null));
            while (await receive() is WebSocketReceive message)
            {
                await send(message.IsText ? new WebSocketSend(message.Text!.ToUpperInvariant()) : new WebSocketSend(message.Data.ToArray()));
            }
        }));
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("v1");
        socket.Options.AddSubProtocol("v2");

        await socket.ConnectAsync(WebSocketUri(host, "/chat?room=1"), CancellationToken.None).WaitAsync(Timeout);
        await socket.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var (text, textType) = await ReceiveAsync(socket);
        var payload = new byte[70_000];
        Random.Shared.NextBytes(payload);
        await socket.SendAsync(payload, WebSocketMessageType.Binary, true, CancellationToken.None);
        var (bytes, bytesType) = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Timeout);
        var (message, scope) = await first.Task.WaitAsync(Timeout);

        Assert.IsType<WebSocketConnect>(message);
        Assert.Equal("ws", scope.Scheme);
        Assert.Equal("/chat", scope.Path);
        Assert.Equal("room=1", Encoding.Latin1.GetString(scope.QueryString.Span));
        Assert.Equal(["v1", "v2"], scope.Subprotocols);
        Assert.Equal("v2", socket.SubProtocol);
        Assert.Equal(("HELLO", WebSocketMessageType.Text), (Encoding.UTF8.GetString(text), textType));
        Assert.Equal(WebSocketMessageType.Binary, bytesType);
        Assert.Equal(payload, bytes);
    }

    [Fact]
    public async Task A_close_before_accepting_refuses_the_handshake_with_403()
    {
        await using var host = await StartAsync(WebSocket(async (_, receive, send) =>
        {
            await receive();
            await send(new WebSocketClose());
        }));
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUri(host, "/"), CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task The_clients_close_reaches_the_app_as_websocket_disconnect_with_its_code()
    {
        var disconnect = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartAsync(WebSocket(async (_, receive, send) =>
        {
            await receive();
            await send(new WebSocketAccept());
            disconnect.TrySetResult(await receive());
        }));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(WebSocketUri(host, "/"), CancellationToken.None).WaitAsync(Timeout);

        await socket.CloseAsync((WebSocketCloseStatus)4001, "going away", CancellationToken.None).WaitAsync(Timeout);

        var gone = Assert.IsType<WebSocketDisconnect>(await disconnect.Task.WaitAsync(Timeout));
        Assert.Equal(4001, gone.Code);
    }

    [Fact]
    public async Task The_apps_close_reaches_the_client_with_its_code_and_reason()
    {
        await using var host = await StartAsync(WebSocket(async (_, receive, send) =>
        {
            await receive();
            await send(new WebSocketAccept());
            await send(new WebSocketClose(4002, "bye"));
        }));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(WebSocketUri(host, "/"), CancellationToken.None).WaitAsync(Timeout);

        var result = await socket.ReceiveAsync(new byte[16], CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal((WebSocketCloseStatus)4002, socket.CloseStatus);
        Assert.Equal("bye", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task A_send_before_accepting_throws_InvalidOperationException_in_the_app()
    {
        var problem = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartAsync(WebSocket(async (_, receive, send) =>
        {
            await receive();
            try
            {
                await send(new WebSocketSend("too early"));
                problem.TrySetResult("no exception");
            }
            catch (InvalidOperationException exception)
            {
                problem.TrySetResult(exception.Message);
            }

            await send(new WebSocketClose());
        }));
        using var socket = new ClientWebSocket();

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUri(host, "/"), CancellationToken.None).WaitAsync(Timeout));

        Assert.Contains("before the handshake is answered", await problem.Task.WaitAsync(Timeout), StringComparison.Ordinal);
    }

    private static async Task<(byte[] Data, WebSocketMessageType Type)> ReceiveAsync(ClientWebSocket socket)
    {
        using var data = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Timeout);
            data.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (data.ToArray(), result.MessageType);
            }
        }
    }
}