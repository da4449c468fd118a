using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

using Gateway.Server.Tests.Support;

namespace Gateway.Server.Tests.Connection.WebSockets;

/// <summary>The server's WebSocket connections against .NET's own client (<see cref="ClientWebSocket"/>, an independent
/// implementation of RFC 6455 and 7692) over real sockets.</summary>
public class WebSocketSessionTests
{
    /// <summary>Accepts and echoes every message, text as text and binary as binary, until the client closes.</summary>
    internal static GatewayApp EchoApp => async (scope, receive, send) =>
    {
        if (scope.Type != ScopeType.WebSocket)
        {
            return;
        }

        await receive();
        await send(new WebSocketAccept(scope.Subprotocols.Count > 0 ? scope.Subprotocols[0] : null));
        while (await receive() is WebSocketReceive message)
        {
            await send(message.IsText ? WebSocketSend.FromUtf8Text(message.Data) : new WebSocketSend(message.Data));
        }
    };

    internal static Uri WebSocketUri(GatewayServer server, string path = "/ws") =>
        new($"ws://127.0.0.1:{((IPEndPoint)server.EndPoints[0]).Port}{path}");

    internal static async Task<ClientWebSocket> ConnectAsync(GatewayServer server, string path = "/ws", Action<ClientWebSocketOptions>? configure = null)
    {
        var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(client.Options);
        using var timeout = new CancellationTokenSource(Timeouts.Default);
        await client.ConnectAsync(WebSocketUri(server, path), timeout.Token);
        return client;
    }

    internal static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveMessageAsync(WebSocket socket, int maxSize = 32 * 1024 * 1024)
    {
        using var message = new MemoryStream();
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(Timeouts.Default);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, []);
            }

            message.Write(buffer, 0, result.Count);
            Assert.True(message.Length <= maxSize);
            if (result.EndOfMessage)
            {
                return (result.MessageType, message.ToArray());
            }
        }
    }

    public static TheoryData<int, bool> EchoSizes()
    {
        var data = new TheoryData<int, bool>();
        foreach (var size in new[] { 0, 125, 126, 127, 65535, 65536, 16 * 1024 * 1024 })
        {
            data.Add(size, false);
            data.Add(size, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EchoSizes))]
    public async Task Binary_and_text_messages_of_every_length_class_echo_intact_with_and_without_compression(int size, bool compression)
    {
        await using var server = await HttpTestServer.StartAsync(EchoApp);
        using var client = await ConnectAsync(server, configure: options =>
        {
            if (compression)
            {
                options.DangerousDeflateOptions = new WebSocketDeflateOptions();
            }
        });

        // Compressible text (repeated words) and incompressible binary (random bytes) exercise both deflate outcomes.
        var binary = RandomNumberGenerator.GetBytes(size);
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("héllo wörld ", (size / 14) + 1)))[..size];
        text = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(text).TrimEnd('\uFFFD'));
        using var timeout = new CancellationTokenSource(Timeouts.Default);
        await client.SendAsync(binary, WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
        await client.SendAsync(text, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);

        var echoedBinary = await ReceiveMessageAsync(client);
        var echoedText = await ReceiveMessageAsync(client);

        Assert.Equal(WebSocketMessageType.Binary, echoedBinary.Type);
        Assert.Equal(binary, echoedBinary.Data);
        Assert.Equal(WebSocketMessageType.Text, echoedText.Type);
        Assert.Equal(text, echoedText.Data);
        Assert.Equal(compression ? "permessage-deflate" : null, client.HttpResponseHeaders?.TryGetValue("Sec-WebSocket-Extensions", out var extensions) == true ? extensions.First().Split(';')[0] : null);
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Fact]
    public async Task A_fragmented_message_reaches_the_app_reassembled()
    {
        await using var server = await HttpTestServer.StartAsync(EchoApp);
        using var client = await ConnectAsync(server);
        using var timeout = new CancellationTokenSource(Timeouts.Default);

        await client.SendAsync("frag"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, timeout.Token);
        await client.SendAsync("men"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, timeout.Token);
        await client.SendAsync("ted"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);

        var echoed = await ReceiveMessageAsync(client);
        Assert.Equal("fragmented", Encoding.UTF8.GetString(echoed.Data));
    }

    [Fact]
    public async Task The_scope_describes_the_handshake_and_the_chosen_subprotocol_is_sent_back()
    {
        var seen = new TaskCompletionSource<Scope>(TaskCreationOptions.RunContinuationsAsynchronously);
        GatewayApp app = Apps.WebSocket(async (scope, receive, send) =>
        {
            seen.TrySetResult(scope);
            await receive();
            await send(new WebSocketAccept("chat.v2", [new("x-accepted-by", "gateway")]));
            await receive();
        });
        await using var server = await HttpTestServer.StartAsync(app);
        using var client = await ConnectAsync(server, "/ws/room?name=a%20b", options =>
        {
            options.AddSubProtocol("chat.v1");
            options.AddSubProtocol("chat.v2");
        });

        var scope = await seen.Task.WaitAsync(Timeouts.Default);
        Assert.Equal(ScopeType.WebSocket, scope.Type);
        Assert.Equal("ws", scope.Scheme);
        Assert.Equal("/ws/room", scope.Path);
        Assert.Equal("name=a%20b", Encoding.ASCII.GetString(scope.QueryString.Span));
        Assert.Equal(["chat.v1", "chat.v2"], scope.Subprotocols);
        Assert.True(scope.Extensions.Has<IWebSocketDenialResponseCapability>());
        Assert.Equal("chat.v2", client.SubProtocol);
        Assert.Equal("gateway", client.HttpResponseHeaders!["x-accepted-by"].Single());
    }

    [Fact]
    public async Task A_message_over_the_limit_closes_with_1009_and_the_app_sees_the_same_code()
    {
        var disconnect = new TaskCompletionSource<WebSocketDisconnect>(TaskCreationOptions.RunContinuationsAsynchronously);
        GatewayApp app = Apps.WebSocket(async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            while (true)
            {
                if (await receive() is WebSocketDisconnect gone)
                {
                    disconnect.TrySetResult(gone);
                    return;
                }
            }
        });
        await using var server = await HttpTestServer.StartAsync(app, options => options.WebSockets.MaxMessageSize = 1024);
        using var client = await ConnectAsync(server);
        using var timeout = new CancellationTokenSource(Timeouts.Default);

        await client.SendAsync(new byte[1025], WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
        var received = await ReceiveMessageAsync(client);

        Assert.Equal(WebSocketMessageType.Close, received.Type);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
        Assert.Equal(1009, (await disconnect.Task.WaitAsync(Timeouts.Default)).Code);
    }

    [Fact]
    public async Task Stopping_the_server_closes_open_websockets_with_1001_and_the_app_returns()
    {
        var appDisconnect = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        GatewayApp app = Apps.WebSocket(async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            while (await receive() is not WebSocketDisconnect gone)
            {
            }

            appDisconnect.TrySetResult(1001);
        });
        var server = await HttpTestServer.StartAsync(app);
        using var client = await ConnectAsync(server);

        var stopping = server.StopAsync();
        var received = await ReceiveMessageAsync(client);
        using var timeout = new CancellationTokenSource(Timeouts.Default);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        await stopping.WaitAsync(Timeouts.Default);
        await server.DisposeAsync();

        Assert.Equal(WebSocketMessageType.Close, received.Type);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
        Assert.Equal(1001, await appDisconnect.Task.WaitAsync(Timeouts.Default));
    }

    [Fact]
    public async Task A_slow_app_stops_the_server_reading_and_nothing_is_lost_when_it_catches_up()
    {
        const int MessageSize = 64 * 1024;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        GatewayApp app = Apps.WebSocket(async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await release.Task;
            while (await receive() is WebSocketReceive message)
            {
                // Each message is filled with its sequence number: order and completeness are checked.
                Assert.All(message.Data.ToArray(), b => Assert.Equal((byte)count, b));
                count++;
            }

            done.TrySetResult();
        });
        await using var server = await HttpTestServer.StartAsync(app);
        using var client = await ConnectAsync(server);

        // Send until a send cannot complete: the queue (32 messages), the pipe and the socket buffers are full.
        var sent = 0;
        Task pending;
        while (true)
        {
            var message = new byte[MessageSize];
            Array.Fill(message, (byte)sent);
            pending = client.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
            sent++;
            if (await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(1))) != pending)
            {
                break;
            }

            Assert.True(sent < 2000, "128 MiB went out while the app read nothing: the server is buffering without bound.");
        }

        release.SetResult();
        await pending.WaitAsync(Timeouts.Default);
        using var timeout = new CancellationTokenSource(Timeouts.Default);
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        await done.Task.WaitAsync(Timeouts.Default);
        Assert.Equal(sent, count);
    }

    [Fact]
    public async Task A_peer_that_never_reads_is_dropped_by_the_send_data_rate_and_the_app_learns_it()
    {
        var failure = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        GatewayApp app = Apps.WebSocket(async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            var payload = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    await send(new WebSocketSend(payload));
                }
            }
            catch (ClientDisconnectedException exception)
            {
                failure.TrySetResult(exception);
            }
        });
        await using var server = await HttpTestServer.StartAsync(app, options => options.Limits.MinResponseDataRate = new MinDataRate(1024 * 1024, TimeSpan.FromSeconds(1)));
        await using var client = await RawWebSocket.ConnectAsync(server.EndPoints[0], "/ws");

        Assert.Equal(101, client.Status);
        Assert.IsType<ClientDisconnectedException>(await failure.Task.WaitAsync(Timeouts.Default));
    }

    public static TheoryData<bool, bool, int, int> DeflateOffers() => new()
    {
        { true, true, 15, 15 },
        { false, true, 15, 15 },
        { true, false, 15, 15 },
        { false, false, 15, 15 },
        { true, true, 9, 15 },
        { true, true, 15, 9 },
    };

    [Theory]
    [MemberData(nameof(DeflateOffers))]
    public async Task Every_permessage_deflate_offer_of_ClientWebSocket_yields_intact_messages(bool clientContextTakeover, bool serverContextTakeover, int clientMaxWindowBits, int serverMaxWindowBits)
    {
        await using var server = await HttpTestServer.StartAsync(EchoApp);
        using var client = await ConnectAsync(server, configure: options => options.DangerousDeflateOptions = new WebSocketDeflateOptions
        {
            ClientContextTakeover = clientContextTakeover,
            ServerContextTakeover = serverContextTakeover,
            ClientMaxWindowBits = clientMaxWindowBits,
            ServerMaxWindowBits = serverMaxWindowBits,
        });
        using var timeout = new CancellationTokenSource(Timeouts.Default);

        // Several messages, so that context takeover (or its absence) matters for the second and later ones.
        for (var i = 0; i < 4; i++)
        {
            var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"message {i}, compressible text; ", 2000)));
            await client.SendAsync(text, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            var echoed = await ReceiveMessageAsync(client);
            Assert.Equal(text, echoed.Data);
        }

        var negotiated = client.HttpResponseHeaders!.TryGetValue("Sec-WebSocket-Extensions", out var values) ? values.Single() : string.Empty;
        Assert.Equal(serverMaxWindowBits == 15 ? "permessage-deflate" : string.Empty, negotiated.Split(';')[0]);
        Assert.Equal(!serverContextTakeover && serverMaxWindowBits == 15, negotiated.Contains("server_no_context_takeover", StringComparison.Ordinal));
    }
}