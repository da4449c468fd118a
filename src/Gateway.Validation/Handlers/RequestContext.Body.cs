using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

using Gateway.Routing;

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

        var multipart = _plan.BodyKind == BodyKind.Form && MediaTypes.IsMultipartForm(contentType.Span);
        var typeMatches = _plan.BodyKind == BodyKind.Json ? MediaTypes.IsJson(contentType.Span) : multipart || MediaTypes.IsForm(contentType.Span);
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
        if (multipart)
        {
            return await ReadMultipartFieldsAsync(Encoding.Latin1.GetString(contentType.Span), body).ConfigureAwait(false);
        }

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

    /// <summary>Why a multipart body could not be read (status 400 or 413 and a detail), after
    /// <see cref="BodyOutcome.Malformed"/>.</summary>
    public HttpException? BodyProblem { get; private set; }

    /// <summary>Reads the text fields of a <c>multipart/form-data</c> body (parts without a file name) with Gateway.Routing's
    /// reader and its limits; file parts are skipped (they bind to nothing here).</summary>
    private async ValueTask<BodyOutcome> ReadMultipartFieldsAsync(string contentType, ReadOnlyMemory<byte> body)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        try
        {
            var pipe = PipeReader.Create(new ReadOnlySequence<byte>(body));
            var reader = new MultipartReader(MultipartReader.GetBoundary(contentType), pipe, new FormOptions { MaxBodySize = _plan.Options.MaxBodySize });
            while (await reader.ReadNextSectionAsync(Scope.Aborted).ConfigureAwait(false) is { } section)
            {
                if (section.FileName is null)
                {
                    pairs.Add(new(section.Name, Encoding.UTF8.GetString(section.Body.Span)));
                }
            }
        }
        catch (HttpException problem)
        {
            BodyProblem = problem;
            return BodyOutcome.Malformed;
        }

        _form = TextValues.FromPairs(pairs);
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