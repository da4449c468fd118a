namespace Gateway.Server.Protocol.WebSockets;

/// <summary>The WebSocket protocol settings of a server: limits, origin policy and compression. Immutable once built;
/// one instance serves every connection.</summary>
internal sealed class WebSocketProtocolOptions
{
    private readonly long _maxMessageSize = WebSocketFrameReader.DefaultMaxMessageSize;

    /// <summary>The defaults.</summary>
    public static WebSocketProtocolOptions Default { get; } = new();

    /// <summary>The largest message accepted, after reassembly and decompression (default 16 MiB, as uvicorn). A larger
    /// one fails the connection with 1009 as soon as its declared or inflated size passes the limit.</summary>
    public long MaxMessageSize
    {
        get => _maxMessageSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, (long)Array.MaxLength);
            _maxMessageSize = value;
        }
    }

    /// <summary>
    /// The origins allowed to open a WebSocket (compared ASCII case-insensitively with the <c>Origin</c> header, e.g.
    /// <c>https://example.com</c>), or <see langword="null"/> (the default) to allow any. A request from another origin is
    /// refused with 403. A request without <c>Origin</c> is allowed: browsers always send it on WebSocket handshakes, and
    /// the check exists to stop other sites' pages (cross-site WebSocket hijacking), not non-browser clients.
    /// </summary>
    public IReadOnlyList<string>? AllowedOrigins { get; init; }

    /// <summary>permessage-deflate settings.</summary>
    public WebSocketCompressionOptions Compression { get; init; } = new();
}