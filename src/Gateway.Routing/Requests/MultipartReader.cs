using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Gateway.Routing;

/// <summary>
/// Reads a <c>multipart/form-data</c> body (RFC 7578) part by part from a <see cref="PipeReader"/>: only the current
/// part is held in memory, bounded by <see cref="FormOptions.MaxFieldSize"/> or <see cref="FormOptions.MaxFileSize"/>,
/// and the whole body by <see cref="FormOptions.MaxBodySize"/>. Over a limit it throws <see cref="HttpException"/> 413;
/// a malformed or truncated body gives 400.
/// </summary>
/// <remarks>Not thread-safe. Read the sections in order; the reader does not complete the pipe.</remarks>
public sealed class MultipartReader
{
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    private readonly PipeReader _body;
    private readonly FormOptions _options;
    private readonly byte[] _firstDelimiter;
    private readonly byte[] _delimiter;
    private long _consumed;
    private int _parts;
    private bool _started;
    private bool _finished;

    /// <summary>Creates the reader.</summary>
    /// <param name="boundary">The boundary from the content type (see <see cref="GetBoundary"/>).</param>
    /// <param name="body">The body.</param>
    /// <param name="options">Limits, or null for the defaults.</param>
    public MultipartReader(string boundary, PipeReader body, FormOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(boundary);
        ArgumentNullException.ThrowIfNull(body);
        _body = body;
        _options = options ?? FormOptions.Default;
        _firstDelimiter = Encoding.ASCII.GetBytes("--" + boundary);
        _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
    }

    /// <summary>Extracts the <c>boundary</c> parameter of a multipart content type.</summary>
    /// <param name="contentType">The <c>content-type</c> value.</param>
    /// <returns>The boundary, unquoted.</returns>
    /// <exception cref="HttpException">400 when the boundary is missing, empty or longer than 70 characters.</exception>
    public static string GetBoundary(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        foreach (var parameter in contentType.Split(';', StringSplitOptions.TrimEntries).AsSpan(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && parameter[..equals].Trim().Equals("boundary", StringComparison.OrdinalIgnoreCase))
            {
                var value = parameter[(equals + 1)..].Trim().Trim('"');
                if (value.Length is > 0 and <= 70)
                {
                    return value;
                }
            }
        }

        throw new HttpException(400, "The multipart body has no valid boundary parameter.");
    }

    /// <summary>Reads the next part.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The part, or null after the closing delimiter.</returns>
    /// <exception cref="HttpException">400 for a malformed body, 413 over a limit.</exception>
    public async ValueTask<MultipartSection?> ReadNextSectionAsync(CancellationToken cancellationToken = default)
    {
        if (_finished)
        {
            return null;
        }

        if (!_started)
        {
            // Skip the preamble up to the first delimiter.
            await ReadUntilAsync(_firstDelimiter, _options.MaxPartHeaderSize, keep: false, cancellationToken).ConfigureAwait(false);
            _started = true;
        }

        // After a delimiter: "--" closes the body, CRLF starts a part.
        var marker = await ReadExactlyAsync(2, cancellationToken).ConfigureAwait(false);
        if (marker[0] == '-' && marker[1] == '-')
        {
            _finished = true;
            return null;
        }

        if (marker[0] != '\r' || marker[1] != '\n')
        {
            throw Malformed("a delimiter is not followed by CRLF");
        }

        if (++_parts > _options.MaxFields)
        {
            throw new HttpException(413, $"The multipart body has more than {_options.MaxFields} parts.");
        }

        var headerBytes = await ReadHeaderBlockAsync(cancellationToken).ConfigureAwait(false);
        var headers = ParseHeaders(headerBytes);
        if (!headers.TryGetValue("content-disposition", out var disposition))
        {
            throw Malformed("a part has no content-disposition");
        }

        var (name, fileName) = ParseDisposition(disposition);
        var limit = fileName is null ? _options.MaxFieldSize : _options.MaxFileSize;
        var content = await ReadUntilAsync(_delimiter, limit, keep: true, cancellationToken).ConfigureAwait(false);
        headers.TryGetValue("content-type", out var contentType);
        return new MultipartSection(headers, name, fileName, contentType, content);
    }

    private async ValueTask<byte[]> ReadHeaderBlockAsync(CancellationToken cancellationToken)
    {
        // A part without headers starts with the empty line right away.
        var result = await ReadAtLeastAsync(2, cancellationToken).ConfigureAwait(false);
        if (result.Buffer.FirstSpan.Length >= 2 ? result.Buffer.FirstSpan[..2].SequenceEqual(CrLf) : result.Buffer.Slice(0, 2).ToArray().AsSpan().SequenceEqual(CrLf))
        {
            Consume(result.Buffer, result.Buffer.GetPosition(2));
            return [];
        }

        _body.AdvanceTo(result.Buffer.Start);
        return await ReadUntilAsync(HeaderEnd, _options.MaxPartHeaderSize, keep: true, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<byte[]> ReadUntilAsync(byte[] delimiter, int limit, bool keep, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _body.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryFind(buffer, delimiter, out var before, out var after))
            {
                if (before.Length > limit)
                {
                    _body.AdvanceTo(buffer.Start, buffer.End);
                    throw TooLarge(limit);
                }

                var bytes = keep ? before.ToArray() : [];
                Consume(buffer, after);
                return bytes;
            }

            if (buffer.Length - delimiter.Length > limit)
            {
                _body.AdvanceTo(buffer.Start, buffer.End);
                throw TooLarge(limit);
            }

            if (result.IsCompleted)
            {
                _body.AdvanceTo(buffer.Start, buffer.End);
                throw Malformed("the body ended inside a part");
            }

            _body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async ValueTask<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var result = await ReadAtLeastAsync(count, cancellationToken).ConfigureAwait(false);
        var bytes = result.Buffer.Slice(0, count).ToArray();
        Consume(result.Buffer, result.Buffer.GetPosition(count));
        return bytes;
    }

    private async ValueTask<ReadResult> ReadAtLeastAsync(int count, CancellationToken cancellationToken)
    {
        var result = await _body.ReadAtLeastAsync(count, cancellationToken).ConfigureAwait(false);
        if (result.Buffer.Length < count)
        {
            _body.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            throw Malformed("the body ended early");
        }

        return result;
    }

    private void Consume(ReadOnlySequence<byte> buffer, SequencePosition position)
    {
        _consumed += buffer.Slice(0, position).Length;
        _body.AdvanceTo(position);
        if (_consumed > _options.MaxBodySize)
        {
            throw RequestBody.TooLarge(_options.MaxBodySize);
        }
    }

    private static bool TryFind(ReadOnlySequence<byte> buffer, byte[] delimiter, out ReadOnlySequence<byte> before, out SequencePosition after)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out before, delimiter, advancePastDelimiter: true))
        {
            after = reader.Position;
            return true;
        }

        after = default;
        return false;
    }

    private static Dictionary<string, string> ParseHeaders(byte[] block)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (block.Length == 0)
        {
            return headers;
        }

        foreach (var line in Encoding.UTF8.GetString(block).Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Malformed("a part header has no name");
            }

            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        return headers;
    }

    private static (string Name, string? FileName) ParseDisposition(string disposition)
    {
        var parts = disposition.Split(';', StringSplitOptions.TrimEntries);
        if (!parts[0].Equals("form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw Malformed("a part's content-disposition is not form-data");
        }

        string? name = null;
        string? fileName = null;
        string? extendedFileName = null;
        foreach (var parameter in parts.AsSpan(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = parameter[..equals].Trim().ToLowerInvariant();
            var value = parameter[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal);
            }

            switch (key)
            {
                case "name":
                    name = value;
                    break;
                case "filename":
                    fileName = value;
                    break;
                case "filename*":
                    var quote = value.IndexOf("''", StringComparison.Ordinal);
                    extendedFileName = Uri.UnescapeDataString(quote < 0 ? value : value[(quote + 2)..]);
                    break;
            }
        }

        if (name is null)
        {
            throw Malformed("a part's content-disposition has no name");
        }

        return (name, extendedFileName ?? fileName);
    }

    private static HttpException Malformed(string reason) => new(400, $"Malformed multipart body: {reason}.");

    private static HttpException TooLarge(int limit) => new(413, $"A multipart part is larger than {limit} bytes.");
}