namespace Gateway;

/// <summary>
/// <c>http.response.pathsend</c>: the rest of the response body is a range of a file, which the server sends itself
/// (with <c>sendfile</c> where it can), when the scope offers <see cref="IHttpResponseFileCapability"/>. Completes the
/// body like a final <see cref="HttpResponseBody"/>.
/// </summary>
/// <remarks>Sent through <see cref="Send"/> rather than a side channel, so that middleware sees it; a middleware that
/// rewrites bodies hides the capability instead.</remarks>
public sealed class HttpResponseFile : Message
{
    /// <summary>Creates a file body message.</summary>
    /// <param name="path">An absolute file path.</param>
    /// <param name="offset">Where to start in the file.</param>
    /// <param name="length">How many bytes to send, or <see langword="null"/> for the rest of the file.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not absolute.</exception>
    public HttpResponseFile(string path, long offset = 0, long? length = null)
        : base(MessageType.HttpResponseFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!System.IO.Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException($"The file path must be absolute: '{path}'.", nameof(path));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(length));
        }

        Path = path;
        Offset = offset;
        Length = length;
    }

    /// <summary>The absolute file path.</summary>
    public string Path { get; }

    /// <summary>Where to start in the file.</summary>
    public long Offset { get; }

    /// <summary>How many bytes to send, or <see langword="null"/> for the rest of the file.</summary>
    public long? Length { get; }
}