namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// The bounds on what an HTTP/1.1 client can make the server buffer. Defaults follow Kestrel: an 8 KiB request line,
/// a 32 KiB header section of at most 100 fields. Immutable once built; share one instance between connections.
/// </summary>
internal sealed class Http1ParserLimits
{
    /// <summary>The defaults.</summary>
    public static Http1ParserLimits Default { get; } = new();

    /// <summary>The longest request line, CRLF included; longer answers 414.</summary>
    public int MaxRequestLineSize { get; init; } = 8 * 1024;

    /// <summary>The largest header section (every field line with its CRLF, and the final CRLF); larger answers 431.</summary>
    public int MaxRequestHeadersTotalSize { get; init; } = 32 * 1024;

    /// <summary>The most header fields; more answers 431.</summary>
    public int MaxRequestHeaderCount { get; init; } = 100;

    /// <summary>The most empty lines (CRLF) ignored before a request line (RFC 9112 §2.2); more answers 400.</summary>
    public int MaxLeadingEmptyLines { get; init; } = 4;

    /// <summary>The most bytes of chunk extensions on one chunk-size line.</summary>
    public int MaxChunkExtensionSize { get; init; } = 1024;

    /// <summary>The most bytes of chunk extensions in one body, so that many tiny chunks with long extensions cannot
    /// cost much more than the body they carry.</summary>
    public int MaxChunkExtensionTotalSize { get; init; } = 16 * 1024;

    /// <summary>The largest trailer section (every field line with its CRLF, and the final CRLF); larger answers 431.</summary>
    public int MaxTrailersTotalSize { get; init; } = 32 * 1024;

    /// <summary>The most trailer fields; more answers 431.</summary>
    public int MaxTrailerCount { get; init; } = 100;
}