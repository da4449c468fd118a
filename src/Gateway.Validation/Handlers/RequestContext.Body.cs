using System.Text.Json;

using Gateway.Routing;

namespace Gateway.Validation.Handlers;

internal sealed partial class RequestContext
{
    /// <summary>Reads the body the handler binds from through <see cref="Request"/>, with the handler's limits: a JSON
    /// body is checked to be well-formed and kept for the binders (a syntax error is recorded as <c>json_invalid</c>), a
    /// form is read into its fields.</summary>
    /// <exception cref="HttpException">413 over the limit, 415 for another media type, 400 for a malformed form.</exception>
    public async ValueTask ReadBodyAsync()
    {
        var hasType = Scope.Headers.TryGetValue("content-type"u8, out var contentType);
        if (_plan.BodyKind == BodyKind.Form)
        {
            if (!hasType)
            {
                // No media type: an empty body is an empty form, anything else cannot be read as one.
                if (!(await Request.ReadBodyAsync().ConfigureAwait(false)).IsEmpty)
                {
                    throw new HttpException(415, "The request body must be application/x-www-form-urlencoded or multipart/form-data.");
                }

                return;
            }

            // Request.ReadFormAsync answers another media type with 415, a malformed body with 400, a large one with 413.
            FormData = await Request.ReadFormAsync().ConfigureAwait(false);
            return;
        }

        if (hasType && !MediaTypes.IsJson(contentType.Span))
        {
            throw UnsupportedMediaType();
        }

        // A JSON body is read with the request's own reader, without making a Request unless the handler asked for one.
        ReadOnlyMemory<byte> body;
        if (_request is null)
        {
            (_body, _bodyLength) = await PooledBody.ReadAsync(Scope, Receive, _plan.RequestOptions.MaxBodySize, Scope.Aborted).ConfigureAwait(false);
            _bodyRead = true;
            body = _body.AsMemory(0, _bodyLength);
        }
        else
        {
            body = await _request.ReadBodyAsync().ConfigureAwait(false);
        }

        if (body.IsEmpty)
        {
            return;
        }

        if (!hasType)
        {
            throw UnsupportedMediaType();
        }

        // JSON text is UTF-8 (RFC 8259 §8.1). System.Text.Json checks the bytes of a string only when it is decoded,
        // which would be in the middle of binding (a 500, found by fuzzing); one vectorized pass up front makes invalid
        // UTF-8 anywhere a json_invalid like any other malformed body.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            ReportInvalidJson(InvalidUtf8Offset(body.Span), "Invalid UTF-8.");
            return;
        }

        if (!TryLoadJson(body, out var exception))
        {
            ReportInvalidJson(OffsetOf(body.Span, exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0), JsonErrorText(exception));
        }
    }

    private void ReportInvalidJson(long position, string error)
    {
        BodyInvalid = true;
        Begin("body");
        Push((int)Math.Min(position, int.MaxValue));
        AddError("json_invalid", "JSON decode error", new Dictionary<string, object?>(), new Dictionary<string, object?> { ["error"] = error });
        Pop();
    }

    /// <summary>The offset of the first byte of <paramref name="utf8"/> that does not begin a valid UTF-8 sequence.</summary>
    internal static int InvalidUtf8Offset(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    private static HttpException UnsupportedMediaType() => new(415, "The request body must be application/json.");

    private static long OffsetOf(ReadOnlySpan<byte> body, long line, long column)
    {
        long offset = 0;
        for (var i = 0L; i < line; i++)
        {
            var newline = body[(int)offset..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            offset += newline + 1;
        }

        return offset + column;
    }

    // System.Text.Json's message ends with the path and position, which the location already carries.
    private static string JsonErrorText(JsonException exception)
    {
        var message = exception.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return cut > 0 ? message[..cut] : message;
    }
}