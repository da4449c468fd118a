using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

using Gateway.Validation.Text;

namespace Gateway.Validation.Handlers;

internal sealed partial class RequestContext
{
    /// <summary>Reads the whole body into a pooled buffer bounded by the handler's limit, checks its media type and parses
    /// it (JSON into a document, a form into fields).</summary>
    public async ValueTask<BodyOutcome> ReadBodyAsync()
    {
        var options = _plan.Options;
        var contentType = Scope.Headers.TryGetValue("content-type"u8, out var typeValue) ? typeValue : ReadOnlyMemory<byte>.Empty;
        if (Scope.Headers.TryGetValue("content-length"u8, out var lengthValue)
            && Utf8Parser.TryParse(lengthValue.Span, out long declared, out var consumed) && consumed == lengthValue.Length
            && declared > options.MaxBodySize)
        {
            return BodyOutcome.TooLarge;
        }

        var typeMatches = _plan.BodyKind == BodyKind.Json ? MediaTypes.IsJson(contentType.Span) : MediaTypes.IsForm(contentType.Span);
        if (!contentType.IsEmpty && !typeMatches)
        {
            return BodyOutcome.UnsupportedMediaType;
        }

        if (!await ReadAllAsync(options.MaxBodySize).ConfigureAwait(false))
        {
            return BodyOutcome.TooLarge;
        }

        if (_bodyLength == 0)
        {
            return BodyOutcome.Read;
        }

        if (!typeMatches)
        {
            return BodyOutcome.UnsupportedMediaType;
        }

        var body = _body.AsMemory(0, _bodyLength);
        if (_plan.BodyKind == BodyKind.Form)
        {
            _form = TextValues.ParseUrlEncoded(body.Span);
            return BodyOutcome.Read;
        }

        try
        {
            _document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = options.MaxDepth });
        }
        catch (JsonException exception)
        {
            BodyInvalid = true;
            var position = OffsetOf(body.Span, exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0);
            Begin("body");
            Push((int)Math.Min(position, int.MaxValue));
            AddError("json_invalid", "JSON decode error", new Dictionary<string, object?>(), new Dictionary<string, object?> { ["error"] = JsonErrorText(exception) });
            Pop();
        }

        return BodyOutcome.Read;
    }

    private async ValueTask<bool> ReadAllAsync(long limit)
    {
        while (true)
        {
            var message = await Receive(Scope.Aborted).ConfigureAwait(false);
            switch (message)
            {
                case HttpRequest request:
                    if (!Append(request.Body.Span, limit))
                    {
                        return false;
                    }

                    if (!request.MoreBody)
                    {
                        return true;
                    }

                    break;
                case HttpDisconnect:
                    throw new ClientDisconnectedException("The client disconnected before sending the whole request body.");
                default:
                    throw new InvalidOperationException($"Expected 'http.request' while reading the body but received '{message.Name}'.");
            }
        }
    }

    private bool Append(ReadOnlySpan<byte> chunk, long limit)
    {
        if (chunk.IsEmpty)
        {
            return true;
        }

        if (_bodyLength + (long)chunk.Length > limit)
        {
            return false;
        }

        if (_body is null || _body.Length - _bodyLength < chunk.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit, Math.Max(_bodyLength + chunk.Length, (_body?.Length ?? 2048) * 2)));
            if (_body is not null)
            {
                _body.AsSpan(0, _bodyLength).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(_body);
            }

            _body = grown;
        }

        chunk.CopyTo(_body.AsSpan(_bodyLength));
        _bodyLength += chunk.Length;
        return true;
    }

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