namespace Gateway.Server;

/// <summary>
/// The limits and timeouts a <see cref="GatewayServer"/> enforces, with Kestrel's defaults. Each is answered the way
/// HTTP prescribes: 414 for a long request line, 431 for large headers, 413 for a large body, 408 for slow headers.
/// </summary>
public sealed class GatewayServerLimits
{
    /// <summary>The longest request line accepted (method, target, version), in bytes; longer gets 414. Default 8 KiB.</summary>
    public int MaxRequestLineSize { get; set; } = 8 * 1024;

    /// <summary>The most header bytes accepted in one request; more gets 431. Default 32 KiB.</summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    /// <summary>The most header fields accepted in one request; more gets 431. Default 100.</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>The largest request body accepted, counted as it streams (chunked bodies included); larger gets 413.
    /// <see langword="null"/> for no limit. Default 30,000,000 bytes.</summary>
    public long? MaxRequestBodySize { get; set; } = 30_000_000;

    /// <summary>How much received but unprocessed data one connection may buffer before the server stops reading from it
    /// (TCP backpressure). Default 1 MiB.</summary>
    public long MaxRequestBufferSize { get; set; } = 1024 * 1024;

    /// <summary>How much response data one connection may buffer before <see cref="Send"/> waits for the client.
    /// Default 64 KiB.</summary>
    public long MaxResponseBufferSize { get; set; } = 64 * 1024;

    /// <summary>How long a client has to send a request's headers once it started (or once the connection opened);
    /// past it the server answers 408 and closes, which defeats slowloris. Default 30 seconds.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle keep-alive connection stays open waiting for the next request. Default 130 seconds.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(130);

    /// <summary>The slowest a client may send a request body once its grace period has passed; slower gets the
    /// connection closed (408 when the response has not started). <see langword="null"/> disables the check.
    /// Default 240 bytes/second after 5 seconds.</summary>
    public MinDataRate? MinRequestBodyDataRate { get; set; } = new(240, TimeSpan.FromSeconds(5));

    /// <summary>The slowest a client may read the response once its grace period has passed; slower gets the
    /// connection aborted, so a client that stops reading cannot hold server memory. <see langword="null"/> disables the
    /// check. Default 240 bytes/second after 5 seconds.</summary>
    public MinDataRate? MinResponseDataRate { get; set; } = new(240, TimeSpan.FromSeconds(5));

    /// <summary>The most connections open at once; further ones get 503 and are closed. <see langword="null"/> for no
    /// limit (the default).</summary>
    public long? MaxConcurrentConnections { get; set; }

    /// <summary>The most upgraded (WebSocket) connections open at once; further handshakes get 503.
    /// <see langword="null"/> for no limit (the default).</summary>
    public long? MaxConcurrentUpgradedConnections { get; set; }

    /// <summary>The listen backlog: connections the kernel queues before they are accepted. Default 512.</summary>
    public int ListenBacklog { get; set; } = 512;

    internal void Validate()
    {
        Positive(MaxRequestLineSize, nameof(MaxRequestLineSize));
        Positive(MaxRequestHeadersTotalSize, nameof(MaxRequestHeadersTotalSize));
        Positive(MaxRequestHeaderCount, nameof(MaxRequestHeaderCount));
        Positive(ListenBacklog, nameof(ListenBacklog));
        if (MaxRequestBodySize is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRequestBodySize), MaxRequestBodySize, "The limit cannot be negative.");
        }

        if (MaxRequestBufferSize < Math.Max(MaxRequestLineSize, MaxRequestHeadersTotalSize))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRequestBufferSize), MaxRequestBufferSize,
                "The request buffer must hold at least a whole request line and a whole header section.");
        }

        Positive(MaxResponseBufferSize, nameof(MaxResponseBufferSize));
        PositiveTime(RequestHeadersTimeout, nameof(RequestHeadersTimeout));
        PositiveTime(KeepAliveTimeout, nameof(KeepAliveTimeout));
        if (MaxConcurrentConnections is <= 0 || MaxConcurrentUpgradedConnections is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentConnections), "Connection limits must be positive when set.");
        }
    }

    private static void Positive(long value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "The limit must be positive.");
        }
    }

    private static void PositiveTime(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "The timeout must be positive.");
        }
    }
}