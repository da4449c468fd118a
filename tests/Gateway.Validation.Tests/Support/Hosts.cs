using System.Net;
using System.Net.WebSockets;
using System.Text;

using Gateway.Server;
using Gateway.Testing;

namespace Gateway.Validation.Tests.Support;

/// <summary>
/// One app, two hosts: the real <see cref="GatewayServer"/> on a free 127.0.0.1 port (reached through
/// <see cref="HttpClient"/> and <see cref="ClientWebSocket"/>) or Gateway.Testing's in-process <see cref="TestClient"/>.
/// Suites take the host kind as a theory argument so the same assertions run over a socket and in process.
/// </summary>
internal sealed class AppHost : IAsyncDisposable
{
    private readonly GatewayServer? _server;
    private readonly TestClient? _client;

    private AppHost(GatewayServer? server, TestClient? client, HttpClient http)
    {
        _server = server;
        _client = client;
        Http = http;
    }

    public static TheoryData<string> Kinds => new() { "server", "testclient" };

    /// <summary>The client to send HTTP requests with (relative URLs).</summary>
    public HttpClient Http { get; }

    public static async Task<AppHost> StartAsync(string kind, GatewayApp app)
    {
        if (kind == "testclient")
        {
            var client = new TestClient(app, new TestClientOptions { RaiseAppExceptions = false });
            return new AppHost(null, client, client);
        }

        var server = new GatewayServer(app, new GatewayServerOptions().ListenLocalhost(0));
        await server.StartAsync().WaitAsync(Api.Timeout);
        var port = ((IPEndPoint)server.EndPoints[0]).Port;
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = Api.Timeout,
        };
        return new AppHost(server, null, http);
    }

    public async Task<WebSocket> ConnectAsync(string path)
    {
        if (_client is not null)
        {
            return await _client.ConnectWebSocketAsync(path).WaitAsync(Api.Timeout);
        }

        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Api.Timeout);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{((IPEndPoint)_server!.EndPoints[0]).Port}{path}"), timeout.Token);
        return socket;
    }

    /// <summary>Connects expecting the handshake to be refused; returns the HTTP status of the refusal.</summary>
    public async Task<int> RefusalStatusAsync(string path)
    {
        if (_client is not null)
        {
            var denied = await Assert.ThrowsAsync<WebSocketDeniedException>(() => _client.ConnectWebSocketAsync(path).WaitAsync(Api.Timeout));
            return denied.Status;
        }

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(Api.Timeout);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{((IPEndPoint)_server!.EndPoints[0]).Port}{path}"), timeout.Token));
        return (int)socket.HttpStatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            Http.Dispose();
            await _server.DisposeAsync();
        }

        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }
}

/// <summary>Whole-message helpers for any <see cref="WebSocket"/>.</summary>
internal static class Sockets
{
    public static async Task SendTextAsync(this WebSocket socket, string text)
    {
        using var timeout = new CancellationTokenSource(Api.Timeout);
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    public static async Task SendBytesAsync(this WebSocket socket, byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Api.Timeout);
        await socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
    }

    /// <summary>The next message: its type and data (empty for a close).</summary>
    public static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveMessageAsync(this WebSocket socket)
    {
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(Api.Timeout);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, []);
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, message.ToArray());
            }
        }
    }

    public static async Task<string> ReceiveTextAsync(this WebSocket socket)
    {
        var (type, data) = await socket.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Text, type);
        return Encoding.UTF8.GetString(data);
    }

    public static async Task CloseAsync(this WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Api.Timeout);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
    }
}

/// <summary>A response reduced to what must match across hosts and app styles.</summary>
internal sealed record Wire(int Status, string? ContentType, string Body, string? Allow, long? ContentLength)
{
    public static async Task<Wire> ReadAsync(HttpResponseMessage response)
    {
        var headers = response.Content.Headers;
        return new Wire(
            (int)response.StatusCode,
            headers.ContentType?.ToString(),
            await response.Content.ReadAsStringAsync().WaitAsync(Api.Timeout),
            headers.Allow.Count == 0 ? null : string.Join(", ", headers.Allow),
            headers.ContentLength);
    }
}