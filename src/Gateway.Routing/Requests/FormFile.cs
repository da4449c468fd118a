namespace Gateway.Routing;

/// <summary>A file part of a multipart form.</summary>
/// <param name="Name">The form field name.</param>
/// <param name="FileName">The file name the client gave (untrusted: never use it as a path).</param>
/// <param name="ContentType">The part's content type (<c>application/octet-stream</c> when absent).</param>
/// <param name="Content">The bytes, bounded by <see cref="FormOptions.MaxFileSize"/>.</param>
public sealed record FormFile(string Name, string FileName, string ContentType, ReadOnlyMemory<byte> Content)
{
    /// <summary>The size in bytes.</summary>
    public long Length => Content.Length;

    /// <summary>Opens the content as a read-only stream.</summary>
    /// <returns>The stream.</returns>
    public Stream OpenReadStream() => new MemoryStream(Content.ToArray(), writable: false);
}