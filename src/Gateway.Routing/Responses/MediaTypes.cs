using System.Text;

namespace Gateway.Routing;

/// <summary>Media types: the content type of a file by its extension (file responses, static files), and tests on raw
/// <c>content-type</c> values (parameters ignored, case-insensitive) for request bodies.</summary>
public static class MediaTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".htm"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".json"] = "application/json",
        [".map"] = "application/json",
        [".txt"] = "text/plain; charset=utf-8",
        [".md"] = "text/markdown; charset=utf-8",
        [".csv"] = "text/csv; charset=utf-8",
        [".xml"] = "application/xml",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".avif"] = "image/avif",
        [".ico"] = "image/x-icon",
        [".woff"] = "font/woff",
        [".woff2"] = "font/woff2",
        [".ttf"] = "font/ttf",
        [".otf"] = "font/otf",
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
        [".wasm"] = "application/wasm",
        [".mp4"] = "video/mp4",
        [".webm"] = "video/webm",
        [".mp3"] = "audio/mpeg",
        [".wav"] = "audio/wav",
    };

    /// <summary>The content type for a file name's extension.</summary>
    /// <param name="path">A file name or path.</param>
    /// <returns>The content type; <c>application/octet-stream</c> for an unknown extension.</returns>
    public static string FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ByExtension.TryGetValue(System.IO.Path.GetExtension(path), out var type) ? type : "application/octet-stream";
    }

    /// <summary>Whether a content type is JSON: <c>application/json</c> or any <c>application/*+json</c>.</summary>
    /// <param name="contentType">The raw header value.</param>
    /// <returns>Whether it is JSON.</returns>
    public static bool IsJson(ReadOnlySpan<byte> contentType)
    {
        var type = Essence(contentType);
        if (Ascii.EqualsIgnoreCase(type, "application/json"u8))
        {
            return true;
        }

        return type.Length > 17 && Ascii.EqualsIgnoreCase(type[..12], "application/"u8) && Ascii.EqualsIgnoreCase(type[^5..], "+json"u8);
    }

    /// <summary>Whether a content type is <c>application/x-www-form-urlencoded</c>.</summary>
    /// <param name="contentType">The raw header value.</param>
    /// <returns>Whether it is a URL-encoded form.</returns>
    public static bool IsUrlEncodedForm(ReadOnlySpan<byte> contentType) =>
        Ascii.EqualsIgnoreCase(Essence(contentType), "application/x-www-form-urlencoded"u8);

    /// <summary>Whether a content type is <c>multipart/form-data</c>.</summary>
    /// <param name="contentType">The raw header value.</param>
    /// <returns>Whether it is a multipart form.</returns>
    public static bool IsMultipartForm(ReadOnlySpan<byte> contentType) =>
        Ascii.EqualsIgnoreCase(Essence(contentType), "multipart/form-data"u8);

    private static ReadOnlySpan<byte> Essence(ReadOnlySpan<byte> contentType)
    {
        var semicolon = contentType.IndexOf((byte)';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim((byte)' ');
    }
}