using System.Text.Json;

using Gateway.Server.Tests.Connection.WebSockets;
using Gateway.Server.Tests.Support;

namespace Gateway.Server.Tests.Integration;

/// <summary>The server against Python's <c>websockets</c> library (Debian's python3-websockets), an independent client
/// implementation, over real sockets.</summary>
public class PythonWebSocketTests
{
    private static readonly GatewayApp App = Apps.WebSocket(async (scope, receive, send) =>
    {
        if (scope.Path.StartsWith("/close/", StringComparison.Ordinal))
        {
            // /close/<code>/<reason>: accept, then close as told.
            var parts = scope.Path.Split('/');
            await receive();
            await send(WebSocketAccept.Default);
            await send(new WebSocketClose(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), parts[3]));
            return;
        }

        await WebSocketSessionTests.EchoApp(scope, receive, send);
    });

    private static async Task<JsonElement> RunAsync(GatewayServer server, string path, string scenario, bool compression)
    {
        PeerCatalog.Require(Peer.PythonWebSockets);
        var uri = WebSocketSessionTests.WebSocketUri(server, path).ToString();
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(
            ExternalProcess.Python, [ExternalProcess.ClientScript("websockets_client.py"), uri, scenario, compression ? "on" : "off"]);
        Assert.True(exitCode == 0, $"websockets client failed: {stderr}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    [PeerTheory(Peer.PythonWebSockets)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_length_class_up_to_16_MiB_echoes_intact(bool compression)
    {
        await using var server = await HttpTestServer.StartAsync(App);

        var result = await RunAsync(server, "/echo", "echo_sizes", compression);

        var sizes = result.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(7, sizes.Length);
        Assert.All(sizes, size =>
        {
            Assert.True(size.GetProperty("binary_ok").GetBoolean(), $"binary {size.GetProperty("size")}");
            Assert.True(size.GetProperty("text_ok").GetBoolean(), $"text {size.GetProperty("size")}");
        });
        Assert.Equal(compression, result.GetProperty("extensions").EnumerateArray().Any(e => e.GetString() == "permessage-deflate"));
        Assert.Equal(1000, result.GetProperty("close_code").GetInt32());
    }

    [PeerTheory(Peer.PythonWebSockets)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Fragmented_messages_are_reassembled(bool compression)
    {
        await using var server = await HttpTestServer.StartAsync(App);

        var result = await RunAsync(server, "/echo", "fragmented", compression);

        Assert.Equal("fragmented", result.GetProperty("text").GetString());
        Assert.Equal([0, 1, 2], result.GetProperty("binary").EnumerateArray().Select(b => b.GetInt32()));
    }

    [PeerFact(Peer.PythonWebSockets)]
    public async Task A_ping_is_answered_with_its_pong()
    {
        await using var server = await HttpTestServer.StartAsync(App);

        var result = await RunAsync(server, "/echo", "ping", compression: false);

        Assert.True(result.GetProperty("pong").GetBoolean());
    }

    [PeerTheory(Peer.PythonWebSockets)]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(1008)]
    [InlineData(4000)]
    public async Task The_apps_close_code_and_reason_reach_the_client(int code)
    {
        await using var server = await HttpTestServer.StartAsync(App);

        var result = await RunAsync(server, $"/close/{code}/because", "close_codes", compression: false);

        Assert.Equal(code, result.GetProperty("close_code").GetInt32());
        Assert.Equal("because", result.GetProperty("close_reason").GetString());
    }

    [PeerFact(Peer.PythonWebSockets)]
    public async Task The_clients_close_is_echoed_with_its_code()
    {
        await using var server = await HttpTestServer.StartAsync(App);

        var result = await RunAsync(server, "/echo", "client_close", compression: true);

        Assert.Equal(4321, result.GetProperty("close_code").GetInt32());
        Assert.Equal("python leaving", result.GetProperty("close_reason").GetString());
    }

    [PeerTheory(Peer.PythonWebSockets)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_message_over_the_limit_is_closed_with_1009(bool compression)
    {
        await using var server = await HttpTestServer.StartAsync(App, options => options.WebSockets.MaxMessageSize = 1024 * 1024);

        var result = await RunAsync(server, "/echo", "too_big", compression);

        Assert.Equal(1009, result.GetProperty("close_code").GetInt32());
    }

    [PeerFact(Peer.PythonWebSockets)]
    public async Task A_compressed_message_that_inflates_past_the_limit_is_closed_with_1009_not_buffered()
    {
        await using var server = await HttpTestServer.StartAsync(App, options => options.WebSockets.MaxMessageSize = 1024 * 1024);

        var result = await RunAsync(server, "/echo", "zip_bomb", compression: true);

        Assert.Contains(result.GetProperty("extensions").EnumerateArray(), e => e.GetString() == "permessage-deflate");
        Assert.Equal(1009, result.GetProperty("close_code").GetInt32());
    }
}