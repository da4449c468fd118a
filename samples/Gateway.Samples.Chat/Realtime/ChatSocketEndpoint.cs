using System.Collections.Concurrent;
using System.Text;

using Gateway.Routing;

using Microsoft.Extensions.Logging;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// The WebSocket protocol at <c>/ws</c> (see the sample's README): the origin check at the handshake, then one
/// <see cref="ChatSession"/> per connection; <see cref="ShutdownAsync"/> closes them all gracefully.
/// </summary>
internal sealed class ChatSocketEndpoint(ChatServices services, ILogger logger)
{
    private static readonly byte[] s_originRefused = Encoding.UTF8.GetBytes("This Origin may not open the chat's WebSocket.");
    private static readonly byte[] s_stopping = Encoding.UTF8.GetBytes("The server is stopping.");

    private readonly OriginPolicy _origins = new(services.Options.AllowedOrigins);
    private readonly ConcurrentDictionary<ChatSession, byte> _sessions = new();
    private volatile bool _stopping;

    /// <summary>How long a client has for its <c>auth</c> message (10 s; tests shorten it).</summary>
    internal TimeSpan AuthTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Runs one connection until it ends; returning means it is closed.</summary>
    public async ValueTask RunAsync(WebSocketConnection socket, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.Scope.Headers.GetValue("origin") is { } origin && !_origins.Allows(origin))
        {
            SocketLog.Refused(logger, 403, origin.Length > 200 ? origin[..200] : origin);
            await DenyAsync(receive, send, 403, s_originRefused);
            return;
        }

        if (_stopping)
        {
            await DenyAsync(receive, send, 503, s_stopping);
            return;
        }

        using var session = new ChatSession(services, socket, send, AuthTimeout, logger);
        _sessions.TryAdd(session, 0);
        try
        {
            if (_stopping)
            {
                await session.ShutdownAsync(TimeSpan.Zero); // began stopping while this one registered
            }

            await session.RunAsync();
        }
        finally
        {
            _sessions.TryRemove(session, out _);
        }
    }

    /// <summary>
    /// Refuses new connections and sends, lets in-flight sends be stored and acknowledged, then closes every
    /// connection with 1001; waits at most about <paramref name="timeout"/>.
    /// </summary>
    public async Task ShutdownAsync(TimeSpan timeout)
    {
        _stopping = true;
        var deadline = services.Time.GetUtcNow() + timeout;
        await Task.WhenAll(_sessions.Keys.Select(session => session.ShutdownAsync(timeout)));
        while (!_sessions.IsEmpty && services.Time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), services.Time);
        }
    }

    // Before accepting: an HTTP response instead of the 101 (the WebSocket denial response extension).
    private static async Task DenyAsync(Receive receive, Send send, int status, byte[] body)
    {
        if (await receive() is not WebSocketConnect)
        {
            return;
        }

        await send(new WebSocketHttpResponseStart(status, Headers.Create([new Header("content-type", "text/plain; charset=utf-8")])));
        await send(new WebSocketHttpResponseBody(body));
    }
}