using System.Net.WebSockets;

using Gateway.Benchmarks.Tests.Hosting;
using Gateway.Testing;

namespace Gateway.Benchmarks.Tests.Endpoints;

/// <summary><c>WS /ws/echo</c> echoes text and binary messages over a real socket for every .NET server, and in-process
/// (TestClient) for the Gateway shapes.</summary>
public class WebSocketEchoTests(RunningServers servers) : IClassFixture<RunningServers>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static TheoryData<string> SocketServers => [.. BenchmarkServer.GatewayNames, .. BenchmarkServer.KestrelNames];

    public static TheoryData<string> GatewayShapes => [.. BenchmarkServer.GatewayNames];

    [Theory]
    [MemberData(nameof(SocketServers))]
    public async Task A_server_echoes_text_and_binary_messages_over_a_socket(string server)
    {
        var address = await servers.AddressAsync(server);
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Timeout);
        await socket.ConnectAsync(new Uri($"ws://{address.Authority}/ws/echo"), timeout.Token);
        var text = "Hello, WebSocket!"u8.ToArray();
        var binary = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        await socket.SendAsync(text, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var textEcho = await ReceiveAsync(socket, timeout.Token);
        await socket.SendAsync(binary, WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
        var binaryEcho = await ReceiveAsync(socket, timeout.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);

        Assert.Equal(WebSocketMessageType.Text, textEcho.Type);
        Assert.Equal(text, textEcho.Data);
        Assert.Equal(WebSocketMessageType.Binary, binaryEcho.Type);
        Assert.Equal(binary, binaryEcho.Data);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Theory]
    [MemberData(nameof(GatewayShapes))]
    public async Task A_gateway_shape_echoes_text_and_binary_messages(string shape)
    {
        await using var client = new TestClient(BenchmarkServer.CreateGatewayApp(shape));
        await using var socket = await client.ConnectWebSocketAsync("/ws/echo").WaitAsync(Timeout);
        var binary = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        await socket.SendTextAsync("Hello, WebSocket!").AsTask().WaitAsync(Timeout);
        var textEcho = await socket.ReceiveTextAsync().WaitAsync(Timeout);
        await socket.SendBytesAsync(binary).AsTask().WaitAsync(Timeout);
        var binaryEcho = await socket.ReceiveBytesAsync().WaitAsync(Timeout);

        Assert.Equal("Hello, WebSocket!", textEcho);
        Assert.Equal(binary, binaryEcho);
    }

    [Theory]
    [MemberData(nameof(GatewayShapes))]
    public async Task A_gateway_shape_refuses_a_websocket_on_another_path(string shape)
    {
        await using var client = new TestClient(BenchmarkServer.CreateGatewayApp(shape));

        var denied = await Assert.ThrowsAsync<WebSocketDeniedException>(() => client.ConnectWebSocketAsync("/plaintext").WaitAsync(Timeout));

        // The raw shape closes before accepting (403); the router denies an unmatched path with a 404 response.
        Assert.Equal(shape.Contains("routed", StringComparison.Ordinal) ? 404 : 403, denied.Status);
    }

    private static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        var count = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken);
            count += result.Count;
        }
        while (!result.EndOfMessage);

        return (result.MessageType, buffer[..count]);
    }
}