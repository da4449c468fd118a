using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Gateway.Samples.Chat.Tests.Support;

/// <summary>
/// A chat protocol client over a real <see cref="ClientWebSocket"/> for end-to-end tests: JSON frames in and out,
/// every wait bounded (a hung server fails the test instead of hanging it).
/// </summary>
internal sealed class ChatSocket : IAsyncDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);
    private readonly byte[] _buffer = new byte[128 * 1024];

    private ChatSocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    /// <summary>The instance address (host:port) nginx proxied the handshake to, or null when not behind nginx.</summary>
    public string? Upstream
    {
        get
        {
            foreach (var (name, values) in Socket.HttpResponseHeaders ?? new Dictionary<string, IEnumerable<string>>())
            {
                if (name.Equals("X-Chat-Upstream", StringComparison.OrdinalIgnoreCase))
                {
                    return values.FirstOrDefault();
                }
            }

            return null;
        }
    }

    /// <summary>The ready frame, after <see cref="ConnectAuthenticatedAsync"/>.</summary>
    public JsonElement Ready { get; private set; }

    public static async Task<ChatSocket> ConnectAsync(Uri uri, string? origin = null)
    {
        var socket = new ClientWebSocket();
        // For the X-Chat-Upstream header nginx adds (which instance the scale-out tests landed on).
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        using var timeout = new CancellationTokenSource(s_wait);
        await socket.ConnectAsync(uri, timeout.Token);
        return new ChatSocket(socket);
    }

    /// <summary>Connects, authenticates and reads the ready frame.</summary>
    public static async Task<ChatSocket> ConnectAuthenticatedAsync(Uri uri, string access)
    {
        var socket = await ConnectAsync(uri);
        await socket.AuthenticateAsync(access);
        return socket;
    }

    /// <summary>Sends <c>auth</c> and reads the ready frame.</summary>
    public async Task AuthenticateAsync(string access)
    {
        await SendAsync(new { type = "auth", token = access });
        Ready = await ReceiveAsync();
        Assert.Equal("ready", Ready.GetProperty("type").GetString());
    }

    public Task SendAsync(object frame) => SendTextAsync(JsonSerializer.Serialize(frame, ChatHost.Json));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(s_wait);
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    /// <summary>The next frame as JSON; fails on close or after the bounded wait.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        var text = await ReceiveTextAsync() ?? throw new InvalidOperationException($"closed: {Socket.CloseStatus} {Socket.CloseStatusDescription}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The next frame of <paramref name="type"/>, skipping others (presence, typing) that may interleave.</summary>
    public async Task<JsonElement> ReceiveAsync(string type)
    {
        while (true)
        {
            var frame = await ReceiveAsync();
            if (frame.GetProperty("type").GetString() == type)
            {
                return frame;
            }
        }
    }

    /// <summary>The next text frame, or null once the server closed (see <see cref="ClientWebSocket.CloseStatus"/>).</summary>
    public async Task<string?> ReceiveTextAsync()
    {
        using var timeout = new CancellationTokenSource(s_wait);
        var length = 0;
        while (true)
        {
            var result = await Socket.ReceiveAsync(_buffer.AsMemory(length), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(_buffer, 0, length);
            }
        }
    }

    /// <summary>Reads frames until the server closes; returns the close code.</summary>
    public async Task<int?> ReceiveCloseAsync()
    {
        while (await ReceiveTextAsync() is not null)
        {
        }

        return (int?)Socket.CloseStatus;
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(s_wait);
            try
            {
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // The server went first.
            }
        }

        Socket.Dispose();
    }
}