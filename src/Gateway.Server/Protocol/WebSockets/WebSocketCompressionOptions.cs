namespace Gateway.Server.Protocol.WebSockets;

/// <summary>How the server negotiates and uses permessage-deflate (RFC 7692).</summary>
/// <remarks>
/// Each connection that negotiates compression with context takeover keeps a zlib compressor and decompressor (about
/// 300 KB of native memory with .NET's fixed 15-bit window) for its lifetime; the no-context-takeover options trade
/// compression ratio for releasing them between messages. Compressing secrets next to attacker-controlled data in one
/// context can leak them through sizes (as BREACH does for HTTP); apps that do so should disable compression.
/// </remarks>
internal sealed class WebSocketCompressionOptions
{
    private readonly int _compressionLevel = -1;
    private readonly int _minMessageSize = 32;

    /// <summary>Whether to accept permessage-deflate offers at all (default: yes, as uvicorn does).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Whether the server compresses every message on its own (<c>server_no_context_takeover</c> in the
    /// response even when the client did not ask), dropping its compressor between messages. Default: no.</summary>
    public bool ServerNoContextTakeover { get; init; }

    /// <summary>Whether to ask the client to compress every message on its own (<c>client_no_context_takeover</c>),
    /// letting the server drop its decompressor between messages. Default: no (a client that asks gets it anyway).</summary>
    public bool ClientNoContextTakeover { get; init; }

    /// <summary>The zlib level, 0 (store) to 9 (smallest), or -1 for zlib's default (6).</summary>
    public int CompressionLevel
    {
        get => _compressionLevel;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, -1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 9);
            _compressionLevel = value;
        }
    }

    /// <summary>Messages shorter than this (in bytes, UTF-8 for text) are sent uncompressed: deflate's block overhead
    /// makes them bigger, not smaller. Default: 32.</summary>
    public int MinMessageSize
    {
        get => _minMessageSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _minMessageSize = value;
        }
    }
}