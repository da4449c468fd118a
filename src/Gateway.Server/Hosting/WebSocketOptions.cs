namespace Gateway.Server;

/// <summary>WebSocket settings of a <see cref="GatewayServer"/>.</summary>
public sealed class WebSocketOptions
{
    /// <summary>The largest message accepted, after reassembly and decompression; larger closes the connection with 1009.
    /// Default 16 MiB.</summary>
    public long MaxMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>How many received messages may wait for the app before the server stops reading the socket (TCP
    /// backpressure). Default 32.</summary>
    public int ReceiveQueueCapacity { get; set; } = 32;

    /// <summary>How long the peer may stay silent before the server pings it (any frame received counts as a sign of
    /// life); <see langword="null"/> disables keep-alive pings. Default 20 seconds. Pings from the peer are always
    /// answered.</summary>
    public TimeSpan? KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the server waits for an answer (a pong, or any frame) to a keep-alive ping before closing with 1011
    /// and aborting; <see langword="null"/> keeps pinging without ever timing out. Default 20 seconds.</summary>
    public TimeSpan? KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the server waits for the peer's close frame after sending its own. Default 5 seconds.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a connection may go without any message before it is closed (1001);
    /// <see langword="null"/> (the default) for no limit.</summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>Whether permessage-deflate (RFC 7692) is negotiated when a client offers it. Default on.</summary>
    public bool EnableCompression { get; set; } = true;

    /// <summary>The origins allowed to open WebSockets (exact, case-insensitive <c>Origin</c> values); a handshake from
    /// another origin gets 403. Empty (the default) allows every origin.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxMessageSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReceiveQueueCapacity);
        if (KeepAliveInterval is { } interval)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(KeepAliveInterval));
        }

        if (KeepAliveTimeout is { } pongTimeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pongTimeout, TimeSpan.Zero, nameof(KeepAliveTimeout));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CloseTimeout, TimeSpan.Zero);
        if (IdleTimeout is { } idle)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero, nameof(IdleTimeout));
        }
    }
}