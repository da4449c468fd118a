using System.IO.Compression;

namespace Gateway.Routing;

/// <summary>How <see cref="CompressionMiddleware"/> compresses responses.</summary>
public sealed class CompressionOptions
{
    /// <summary>Bodies sent whole and shorter than this are not compressed. Default 500 bytes (Starlette's).</summary>
    public int MinimumSize { get; init; } = 500;

    /// <summary>The compression level. Default <see cref="CompressionLevel.Fastest"/>.</summary>
    public CompressionLevel Level { get; init; } = CompressionLevel.Fastest;

    /// <summary>Whether Brotli (<c>br</c>) is offered; preferred over gzip when the client rates them equally. Default true.</summary>
    public bool EnableBrotli { get; init; } = true;

    /// <summary>Whether gzip is offered. Default true.</summary>
    public bool EnableGzip { get; init; } = true;

    /// <summary>Content types (prefixes) never compressed: by default <c>text/event-stream</c>, whose events must not
    /// wait in a compressor, and already-compressed media.</summary>
    public IReadOnlyList<string> ExcludedContentTypes { get; init; } =
        ["text/event-stream", "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "video/", "audio/", "application/zip", "application/gzip", "font/woff"];
}