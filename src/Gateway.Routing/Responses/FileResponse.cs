using System.Buffers;
using System.Globalization;

namespace Gateway.Routing;

/// <summary>
/// A file, with <c>content-length</c>, <c>last-modified</c>, a strong <c>etag</c> (modification time and size) and
/// <c>accept-ranges: bytes</c>. For <c>GET</c>/<c>HEAD</c> it answers <c>If-None-Match</c> and
/// <c>If-Modified-Since</c> with 304, a single byte range with 206 (honouring <c>If-Range</c>), and an unsatisfiable
/// range with 416; a request for several ranges gets the whole file (RFC 9110 lets a server ignore <c>Range</c>). The
/// body goes out as <see cref="HttpResponseFile"/> when the server offers <see cref="IHttpResponseFileCapability"/>,
/// otherwise it is streamed through one pooled buffer.
/// </summary>
public sealed class FileResponse : Response
{
    private const int BufferSize = 64 * 1024;

    /// <summary>Creates the response.</summary>
    /// <param name="path">The file path; made absolute.</param>
    /// <param name="contentType">The content type; guessed from the extension when null.</param>
    /// <param name="headers">Extra headers, or null.</param>
    /// <param name="downloadName">When set, a <c>content-disposition: attachment</c> with this file name is added.</param>
    public FileResponse(string path, string? contentType = null, IReadOnlyList<Header>? headers = null, string? downloadName = null)
        : base(200, headers)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        ContentType = contentType ?? MediaTypes.FromPath(Path);
        DownloadName = downloadName;
    }

    /// <summary>The absolute file path.</summary>
    public string Path { get; }

    /// <summary>The content type.</summary>
    public string ContentType { get; }

    /// <summary>The download name, or null.</summary>
    public string? DownloadName { get; }

    /// <summary>The entity tag this response uses for a file's size and modification time.</summary>
    /// <param name="length">The size in bytes.</param>
    /// <param name="lastModified">The modification time.</param>
    /// <returns>The quoted tag.</returns>
    public static string EntityTag(long length, DateTimeOffset lastModified) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{lastModified.UtcTicks:x}-{length:x}\"");

    /// <inheritdoc />
    public override async ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(send);
        var info = new FileInfo(Path);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
        {
            // Size and dates are the target's: a link's own length is that of its target path.
            info = target;
        }

        if (!info.Exists)
        {
            await new ProblemResponse(new ProblemDetails(404)).Invoke(scope, receive, send).ConfigureAwait(false);
            return;
        }

        var length = info.Length;
        var modified = new DateTimeOffset(info.LastWriteTimeUtc.Ticks - (info.LastWriteTimeUtc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var etag = EntityTag(length, modified);
        var lastModified = modified.ToString("R", CultureInfo.InvariantCulture);
        var isRead = scope.Method is HttpMethods.Get or HttpMethods.Head;
        if (isRead && IsNotModified(scope.Headers, etag, modified))
        {
            await send(new HttpResponseStart(304, BuildHeaders(null, null, new Header("etag", etag), new Header("last-modified", lastModified))), scope.Aborted).ConfigureAwait(false);
            await send(HttpResponseBody.Empty, scope.Aborted).ConfigureAwait(false);
            return;
        }

        var disposition = DownloadName is null ? default : new Header("content-disposition", ContentDisposition(DownloadName));
        var offset = 0L;
        var count = length;
        var status = Status;
        Header contentRange = default;
        if (isRead && scope.Headers.GetValue("range") is { } range && IfRangeHolds(scope.Headers, etag, modified))
        {
            switch (ByteRange.Parse(range, length, out offset, out count))
            {
                case ByteRange.Result.Satisfiable:
                    status = 206;
                    contentRange = new Header("content-range", string.Create(CultureInfo.InvariantCulture, $"bytes {offset}-{offset + count - 1}/{length}"));
                    break;
                case ByteRange.Result.Unsatisfiable:
                    await new ProblemResponse(new ProblemDetails(416), [new Header("content-range", string.Create(CultureInfo.InvariantCulture, $"bytes */{length}"))])
                        .Invoke(scope, receive, send).ConfigureAwait(false);
                    return;
                default:
                    offset = 0;
                    count = length;
                    break;
            }
        }

        var headers = new List<Header>(5)
        {
            new("last-modified", lastModified),
            new("etag", etag),
            new("accept-ranges", "bytes"),
        };
        if (status == 206)
        {
            headers.Add(contentRange);
        }

        if (DownloadName is not null)
        {
            headers.Add(disposition);
        }

        await send(new HttpResponseStart(status, BuildHeaders(ContentType, count, [.. headers])), scope.Aborted).ConfigureAwait(false);
        if (scope.Method == HttpMethods.Head || count == 0)
        {
            await send(HttpResponseBody.Empty, scope.Aborted).ConfigureAwait(false);
            return;
        }

        if (scope.Extensions.Has<IHttpResponseFileCapability>())
        {
            await send(new HttpResponseFile(Path, offset, count), scope.Aborted).ConfigureAwait(false);
            return;
        }

        await StreamAsync(scope, send, offset, count).ConfigureAwait(false);
    }

    private async Task StreamAsync(Scope scope, Send send, long offset, long count)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (file.ConfigureAwait(false))
            {
                file.Position = offset;
                var remaining = count;
                while (remaining > 0)
                {
                    var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BufferSize, remaining)), scope.Aborted).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new IOException($"The file '{Path}' became shorter while it was sent.");
                    }

                    remaining -= read;
                    await send(new HttpResponseBody(buffer.AsMemory(0, read), moreBody: remaining > 0), scope.Aborted).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsNotModified(Headers headers, string etag, DateTimeOffset modified)
    {
        if (headers.GetValue("if-none-match") is { } noneMatch)
        {
            return TagListContains(noneMatch, etag, weak: true);
        }

        return headers.GetValue("if-modified-since") is { } since
            && DateTimeOffset.TryParseExact(since, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            && modified <= date;
    }

    private static bool IfRangeHolds(Headers headers, string etag, DateTimeOffset modified)
    {
        if (headers.GetValue("if-range") is not { } condition)
        {
            return true;
        }

        if (condition.StartsWith('"'))
        {
            return condition == etag;
        }

        return DateTimeOffset.TryParseExact(condition, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) && date == modified;
    }

    private static bool TagListContains(string list, string etag, bool weak)
    {
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (item == "*")
            {
                return true;
            }

            var tag = weak && item.StartsWith("W/", StringComparison.Ordinal) ? item[2..] : item;
            if (tag == etag)
            {
                return true;
            }
        }

        return false;
    }

    private static string ContentDisposition(string name)
    {
        var ascii = new char[name.Length];
        var plain = true;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            plain &= c is >= ' ' and < '\u007f' and not '"' and not '\\';
            ascii[i] = c is >= ' ' and < '\u007f' and not '"' and not '\\' ? c : '_';
        }

        return plain
            ? $"attachment; filename=\"{name}\""
            : $"attachment; filename=\"{new string(ascii)}\"; filename*=UTF-8''{Uri.EscapeDataString(name)}";
    }
}