using System.Buffers.Binary;
using System.Text;

using Gateway.Server.Tests.Support;

namespace Gateway.Server.Tests.Connection.WebSockets;

/// <summary>Handshake refusals, protocol violations and the server's own pings, closes and timeouts, seen byte for byte
/// by a raw client.</summary>
public class WebSocketProtocolTests
{
    private static readonly string ValidKey = Convert.ToBase64String(new byte[16]);

    private static GatewayApp RecordingEcho(TaskCompletionSource<WebSocketDisconnect> disconnect, TaskCompletionSource<bool>? reachedApp = null) =>
        Apps.WebSocket(async (_, receive, send) =>
        {
            reachedApp?.TrySetResult(true);
            await receive();
            await send(WebSocketAccept.Default);
            while (true)
            {
                switch (await receive())
                {
                    case WebSocketReceive message:
                        await send(message.IsText ? WebSocketSend.FromUtf8Text(message.Data) : new WebSocketSend(message.Data));
                        break;
                    case WebSocketDisconnect gone:
                        disconnect.TrySetResult(gone);
                        return;
                }
            }
        });

    public static TheoryData<string, string, int> BadHandshakes() => new()
    {
        { "missing key", $"GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n", 400 },
        { "short key", $"GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: abc=\r\n\r\n", 400 },
        { "wrong version", $"GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: {ValidKey}\r\n\r\n", 426 },
        { "no Connection: upgrade", $"GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {ValidKey}\r\n\r\n", 400 },
        { "POST", $"POST /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {ValidKey}\r\nContent-Length: 0\r\n\r\n", 400 },
        { "HTTP/1.0", $"GET /ws HTTP/1.0\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {ValidKey}\r\n\r\n", 400 },
        { "a body", $"GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {ValidKey}\r\nContent-Length: 2\r\n\r\nhi", 400 },
        { "bad subprotocol token", $"GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {ValidKey}\r\nSec-WebSocket-Protocol: a b\r\n\r\n", 400 },
    };

    [Theory]
    [MemberData(nameof(BadHandshakes))]
    public async Task A_bad_handshake_is_refused_with_its_status_and_closed_without_reaching_the_app(string problem, string request, int status)
    {
        var reached = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await HttpTestServer.StartAsync(RecordingEcho(new(), reached));
        await using var client = await RawWebSocket.ConnectAsync(server.EndPoints[0], request: request);

        Assert.True(status == client.Status, $"{problem}: {client.ResponseHead}");
        if (status == 426)
        {
            Assert.Equal("13", client.Header("sec-websocket-version"));
        }

        Assert.True(await client.IsClosedByServerAsync());
        Assert.False(reached.Task.IsCompleted, $"{problem}: the app was called");
    }

    [Fact]
    public async Task An_origin_outside_the_allowed_list_gets_403_and_an_allowed_one_connects()
    {
        await using var server = await HttpTestServer.StartAsync(RecordingEcho(new()), options => options.WebSockets.AllowedOrigins.Add("https://app.example"));

        await using var foreign = await RawWebSocket.ConnectAsync(server.EndPoints[0], extraHeaders: "Origin: https://evil.example\r\n");
        await using var allowed = await RawWebSocket.ConnectAsync(server.EndPoints[0], extraHeaders: "Origin: https://APP.example\r\n");

        Assert.Equal(403, foreign.Status);
        Assert.Equal(101, allowed.Status);
    }

    [Fact]
    public async Task Past_the_upgraded_connection_limit_a_handshake_gets_503_and_a_closed_slot_is_reused()
    {
        await using var server = await HttpTestServer.StartAsync(RecordingEcho(new()), options => options.Limits.MaxConcurrentUpgradedConnections = 1);

        var first = await RawWebSocket.ConnectAsync(server.EndPoints[0]);
        await using var second = await RawWebSocket.ConnectAsync(server.EndPoints[0]);
        Assert.Equal(101, first.Status);
        Assert.Equal(503, second.Status);

        await first.SendCloseAsync(1000);
        await first.ReadCloseAsync();
        await first.DisposeAsync();
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            await using var third = await RawWebSocket.ConnectAsync(server.EndPoints[0]);
            return third.Status == 101;
        }));
    }

    [Fact]
    public async Task The_accept_key_is_the_rfc_6455_example()
    {
        await using var server = await HttpTestServer.StartAsync(RecordingEcho(new()));
        await using var client = await RawWebSocket.ConnectAsync(server.EndPoints[0], request:
            "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", client.ResponseHead, StringComparison.Ordinal);
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", client.Header("sec-websocket-accept"));
        Assert.Equal("websocket", client.Header("upgrade"), ignoreCase: true);
    }

    public static TheoryData<string, byte, byte[], bool, int> Violations() => new()
    {
        { "unmasked frame", 0x81, "hi"u8.ToArray(), false, 1002 },
        { "RSV1 without compression", 0xC1, "hi"u8.ToArray(), true, 1002 },
        { "RSV2", 0xA1, "hi"u8.ToArray(), true, 1002 },
        { "RSV3", 0x91, "hi"u8.ToArray(), true, 1002 },
        { "reserved data opcode 3", 0x83, "hi"u8.ToArray(), true, 1002 },
        { "reserved control opcode 0xB", 0x8B, [], true, 1002 },
        { "ping over 125 bytes", 0x89, new byte[126], true, 1002 },
        { "fragmented ping", 0x09, "hi"u8.ToArray(), true, 1002 },
        { "continuation without a start", 0x80, "hi"u8.ToArray(), true, 1002 },
        { "invalid UTF-8 in text", 0x81, [0x68, 0xC3, 0x28], true, 1007 },
        { "close code 1005 on the wire", 0x88, [0x03, 0xED], true, 1002 },
        { "close code 999", 0x88, [0x03, 0xE7], true, 1002 },
        { "one-byte close payload", 0x88, [0x03], true, 1002 },
        { "close reason not UTF-8", 0x88, [0x03, 0xE8, 0xFF], true, 1007 },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task A_protocol_violation_is_closed_with_its_code_which_the_app_also_receives(string rule, byte firstByte, byte[] payload, bool mask, int code)
    {
        var disconnect = new TaskCompletionSource<WebSocketDisconnect>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await HttpTestServer.StartAsync(RecordingEcho(disconnect));
        await using var client = await RawWebSocket.ConnectAsync(server.EndPoints[0]);
        Assert.Equal(101, client.Status);

        await client.SendFrameAsync(firstByte, payload, mask);

        var (closeCode, _) = await client.ReadCloseAsync();
        Assert.True(code == closeCode, $"{rule}: closed with {closeCode}");
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Equal(code, (await disconnect.Task.WaitAsync(Timeouts.Default)).Code);
    }

    [Fact]
    public async Task A_violation_right_after_start_up_is_answered_with_its_code_not_the_close_of_the_returning_app()
    {
        // The race a conformance run once hit (1 run in about 15): the app learnt of the violation, returned, and its
        // 1000 went out before the read loop's 1002. Fresh servers, the violation as the first frame, many times.
        for (var run = 0; run < 40; run++)
        {
            var disconnect = new TaskCompletionSource<WebSocketDisconnect>(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var server = await HttpTestServer.StartAsync(RecordingEcho(disconnect));
            await using var client = await RawWebSocket.ConnectAsync(server.EndPoints[0]);

            await client.SendFrameAsync(0x88, [0x03, 0xE7]);

            var (closeCode, _) = await client.ReadCloseAsync();
            Assert.True(closeCode == 1002, $"run {run}: close code 999 was answered with {closeCode}");
            Assert.Equal(1002, (await disconnect.Task.WaitAsync(Timeouts.Default)).Code);
        }
    }

    [Fact]
    public async Task Invalid_UTF_8_split_across_fragments_fails_at_the_bad_byte_before_the_message_ends()
    {
        var disconnect = new TaskCompletionSource<WebSocketDisconnect>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await HttpTestServer.StartAsync(RecordingEcho(disconnect));
        await using var client = await RawWebSocket.ConnectAsync(server.EndPoints[0]);

        // "é" is C3 A9: the first fragment ends inside it, the second continues with a byte that cannot follow C3.
        await client.SendFrameAsync(0x01, [0x61, 0xC3]);
        await client.SendFrameAsync(0x00, [0x28]);

        Assert.Equal(1007, (await client.ReadCloseAsync()).Code);
        Assert.Equal(1007, (await disconnect.Task.WaitAsync(Timeouts.Default)).Code);
    }

    [Fact]
    public async Task Control_frames_between_fragments_are_answered_and_the_message_still_arrives_whole()
    {
        await using var server = await HttpTestServer.StartAsync(RecordingEcho(new()));
        await using var client = await RawWebSocket.ConnectAsync(server.EndPoints[0]);

        await client.SendFrameAsync(0x01, "one "u8.ToArray());
        await client.SendFrameAsync(0x89, "are you there"u8.ToArray());
        await client.SendFrameAsync(0x80, "two"u8.ToArray());

        var pong = await client.ReadFrameAsync();
        var echo = await client.ReadFrameAsync();
        Assert.Equal(0xA, pong!.Opcode);
        Assert.Equal("are you there", Encoding.UTF8.GetString(pong.Payload));
        Assert.Equal(0x1, echo!.Opcode);
        Assert.True(echo.Fin);
        Assert.Equal("one two", Encoding.UTF8.GetString(echo.Payload));
    }

    [Fact]
    public async Task A_close_without_a_code_is_answered_with_an_empty_close_and_reaches_the_app_as_1005()
    {
        var disconnect = new TaskCompletionSource<WebSocketDisconnect>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await HttpTestServer.StartAsync(RecordingEcho(disconnect));
        await using var client = await RawWebSocket.ConnectAsync(server.EndPoints[0]);

        await client.SendFrameAsync(0x88, []);

        Assert.Equal(1005, (await client.ReadCloseAsync()).Code);
        Assert.Equal(1005, (await disconnect.Task.WaitAsync(Timeouts.Default)).Code);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task A_peer_that_drops_the_connection_reaches_the_app_as_1006()
    {
        var disconnect = new TaskCompletionSource<WebSocketDisconnect>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await HttpTestServer.StartAsync(RecordingEcho(disconnect));
        var client = await RawWebSocket.ConnectAsync(server.EndPoints[0]);
        await client.SendTextAsync("last words");
        Assert.Equal("last words", Encoding.UTF8.GetString((await client.ReadFrameAsync())!.Payload));

        await client.DisposeAsync();

        Assert.Equal(1006, (await disconnect.Task.WaitAsync(Timeouts.Default)).Code);
    }

    [Fact]
    public async Task An_idle_peer_is_pinged_and_one_that_never_answers_is_closed_with_1011()
    {
        var disconnect = new TaskCompletionSource<WebSocketDisconnect>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await HttpTestServer.StartAsync(RecordingEcho(disconnect), options =>
        {
            options.WebSockets.KeepAliveInterval = TimeSpan.FromSeconds(1);
            options.WebSockets.KeepAliveTimeout = TimeSpan.FromSeconds(1);
        });
        await using var client = await RawWebSocket.ConnectAsync(server.EndPoints[0]);

        var ping = await client.ReadFrameAsync();
        Assert.Equal(0x9, ping!.Opcode);

        Assert.Equal(1011, (await client.ReadCloseAsync()).Code);
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Equal(1011, (await disconnect.Task.WaitAsync(Timeouts.Default)).Code);
    }

    [Fact]
    public async Task A_peer_that_answers_keep_alive_pings_stays_connected()
    {
        await using var server = await HttpTestServer.StartAsync(RecordingEcho(new()), options =>
        {
            options.WebSockets.KeepAliveInterval = TimeSpan.FromSeconds(1);
            options.WebSockets.KeepAliveTimeout = TimeSpan.FromSeconds(1);
        });
        await using var client = await RawWebSocket.ConnectAsync(server.EndPoints[0]);

        for (var i = 0; i < 3; i++)
        {
            var ping = await client.ReadFrameAsync();
            Assert.Equal(0x9, ping!.Opcode);
            await client.SendFrameAsync(0x8A, ping.Payload);
        }

        await client.SendTextAsync("still here");
        RawFrame? echo;
        do
        {
            echo = await client.ReadFrameAsync();
        }
        while (echo!.Opcode == 0x9);

        Assert.Equal("still here", Encoding.UTF8.GetString(echo.Payload));
    }

    [Fact]
    public async Task An_idle_timeout_closes_a_silent_connection_with_1001()
    {
        var disconnect = new TaskCompletionSource<WebSocketDisconnect>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await HttpTestServer.StartAsync(RecordingEcho(disconnect), options =>
        {
            options.WebSockets.KeepAliveInterval = null;
            options.WebSockets.IdleTimeout = TimeSpan.FromSeconds(1);
        });
        await using var client = await RawWebSocket.ConnectAsync(server.EndPoints[0]);

        var (code, _) = await client.ReadCloseAsync();
        await client.SendCloseAsync(code);

        Assert.Equal(1001, code);
        Assert.Equal(1001, (await disconnect.Task.WaitAsync(Timeouts.Default)).Code);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task After_the_app_closes_the_server_waits_for_the_peers_close_then_ends_the_connection()
    {
        GatewayApp app = Apps.WebSocket(async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await send(new WebSocketClose(4001, "bye"));
            Assert.Equal(4001, Assert.IsType<WebSocketDisconnect>(await receive()).Code);
        });
        await using var server = await HttpTestServer.StartAsync(app);
        await using var client = await RawWebSocket.ConnectAsync(server.EndPoints[0]);

        var (code, reason) = await client.ReadCloseAsync();
        await client.SendTextAsync("ignored after the close");
        await client.SendCloseAsync(code);

        Assert.Equal((4001, "bye"), (code, reason));
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task A_peer_that_never_answers_the_close_is_dropped_after_the_close_timeout()
    {
        GatewayApp app = Apps.WebSocket(async (_, receive, send) =>
        {
            await receive();
            await send(WebSocketAccept.Default);
            await send(WebSocketClose.Normal);
        });
        await using var server = await HttpTestServer.StartAsync(app, options => options.WebSockets.CloseTimeout = TimeSpan.FromSeconds(1));
        await using var client = await RawWebSocket.ConnectAsync(server.EndPoints[0]);

        Assert.Equal(1000, (await client.ReadCloseAsync()).Code);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_before_its_payload_arrives()
    {
        var disconnect = new TaskCompletionSource<WebSocketDisconnect>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await HttpTestServer.StartAsync(RecordingEcho(disconnect), options => options.WebSockets.MaxMessageSize = 1024);
        await using var client = await RawWebSocket.ConnectAsync(server.EndPoints[0]);

        // A header announcing 1 GiB, and no payload at all: the server must not wait for it (or allocate it).
        var header = new byte[14];
        header[0] = 0x82;
        header[1] = 0x80 | 127;
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(2), 1UL << 30);
        await client.SendRawAsync(header);

        Assert.Equal(1009, (await client.ReadCloseAsync()).Code);
        Assert.Equal(1009, (await disconnect.Task.WaitAsync(Timeouts.Default)).Code);
    }
}