using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Net;

namespace Gateway.Testing;

/// <summary>The app's <see cref="Send"/>: each message validated, then turned into the response the test reads.</summary>
internal sealed partial class HttpExchange
{
    private List<Headers>? _earlyHints;
    private HttpResponseMessage? _responseMessage;
    private HeadersBuilder? _trailers;
    private long? _declaredLength;
    private long _bodyBytes;

    private async ValueTask SendAsync(Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        _monitor.EnterSend();
        try
        {
            await SendCoreAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _monitor.ExitSend();
        }
    }

    private async ValueTask SendCoreAsync(Message message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_appReturned)
            {
                throw _monitor.Record(new InvalidOperationException($"Cannot send '{message.Name}': the app has returned, which ends the scope."));
            }

            // Checked first so that a start the test never gets leaves the response not started.
            if (message is HttpResponseStart { Headers: var headers } && !_validator.HasStarted)
            {
                _declaredLength = ParseContentLength(headers);
            }

            try
            {
                _validator.Advance(message);
            }
            catch (InvalidOperationException violation)
            {
                throw _monitor.Record(violation);
            }

            // Checked after validation, so an app bug is reported the same way whether or not the client is there.
            if (_clientGone)
            {
                throw Gone(message);
            }
        }

        switch (message)
        {
            case HttpResponseEarlyHints hints:
                AddEarlyHints(hints);
                break;
            case HttpResponseStart start:
                Start(start);
                break;
            case HttpResponseBody body:
                await WriteBodyAsync(message, body.Body, cancellationToken).ConfigureAwait(false);
                if (!body.MoreBody)
                {
                    EndBody();
                }

                break;
            case HttpResponseFile file:
                await WriteFileAsync(file, cancellationToken).ConfigureAwait(false);
                EndBody();
                break;
            case HttpResponseTrailers trailers:
                AddTrailers(trailers);
                break;
        }
    }

    private void AddEarlyHints(HttpResponseEarlyHints hints)
    {
        _earlyHints ??= [];
        if (_earlyHints.Count == MaxEarlyHints)
        {
            throw new InvalidOperationException(
                $"The app sent more than {MaxEarlyHints} 'http.response.early_hints' messages; the test client keeps them for the test and bounds them.");
        }

        _earlyHints.Add(hints.Headers);
    }

    private void Start(HttpResponseStart start)
    {
        var response = new HttpResponseMessage((HttpStatusCode)start.Status)
        {
            RequestMessage = _request,
            Version = _request.Version,
            Content = new ResponseBodyContent(new ResponseBodyStream(this, _responseBody.Reader)),
        };
        foreach (var header in start.Headers)
        {
            if (IsHopByHop(header.Name.Span))
            {
                continue;
            }

            var name = header.NameString;
            var value = header.ValueString;
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        _request.Options.Set(EarlyHintsKey, _earlyHints ?? []);
        lock (_gate)
        {
            _responseMessage = response;
        }

        if (!_response.TrySetResult(response))
        {
            response.Dispose();
        }
    }

    private long? ParseContentLength(Headers headers)
    {
        long? length = null;
        foreach (var value in headers.GetValues("content-length"u8))
        {
            if (!Utf8Parser.TryParse(value.Span, out long parsed, out var consumed) || consumed != value.Length || parsed < 0
                || (length is { } previous && previous != parsed))
            {
                throw _monitor.Record(new InvalidOperationException(
                    "'http.response.start' has an invalid content-length: it must be one non-negative integer."));
            }

            length = parsed;
        }

        return length;
    }

    // The server owns connection management and framing, so these never reach a client.
    private static bool IsHopByHop(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("connection"u8) || name.SequenceEqual("keep-alive"u8) || name.SequenceEqual("proxy-connection"u8)
        || name.SequenceEqual("transfer-encoding"u8) || name.SequenceEqual("upgrade"u8);

    private async ValueTask WriteBodyAsync(Message message, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        _bodyBytes += body.Length;
        if (_isHead)
        {
            // A server sends no body for HEAD, whatever the app sends (content-length included).
            return;
        }

        if (_bodyBytes > _declaredLength)
        {
            throw _monitor.Record(new InvalidOperationException(
                $"The response body is longer than the 'content-length: {_declaredLength}' the app declared; a server aborts such a response."));
        }

        var writer = _responseBody.Writer;
        var sliceSize = _host.Options.BodyBufferSize;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _aborted.Token);
        while (!body.IsEmpty)
        {
            // Slices bound what the pipe holds to about one buffer, however large the app's chunk.
            var slice = body[..Math.Min(sliceSize, body.Length)];
            FlushResult result;
            try
            {
                result = await writer.WriteAsync(slice, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_aborted.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw Gone(message);
            }

            if (result.IsCompleted)
            {
                Abort();
                throw Gone(message);
            }

            body = body[slice.Length..];
        }
    }

    private async ValueTask WriteFileAsync(HttpResponseFile file, CancellationToken cancellationToken)
    {
        var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            var available = Math.Max(0, stream.Length - file.Offset);
            var remaining = file.Length ?? available;
            if (remaining > available)
            {
                throw new IOException($"'{file.Path}' has {available} bytes from offset {file.Offset}, fewer than the {remaining} the app asked to send.");
            }

            if (_isHead)
            {
                _bodyBytes += remaining;
                return;
            }

            stream.Position = file.Offset;
            var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(remaining, 1), _host.Options.BodyBufferSize));
            try
            {
                while (remaining > 0)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new IOException($"'{file.Path}' ended while it was being sent.");
                    }

                    await WriteBodyAsync(HttpResponseBody.Empty, buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    remaining -= read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void EndBody()
    {
        if (!_isHead && _declaredLength is { } declared && _bodyBytes != declared)
        {
            throw _monitor.Record(new InvalidOperationException(
                $"The response body has {_bodyBytes} bytes but the app declared 'content-length: {declared}'; a server aborts such a response."));
        }

        if (_validator.IsComplete)
        {
            CompleteResponse();
        }
    }

    private void AddTrailers(HttpResponseTrailers trailers)
    {
        _trailers ??= new HeadersBuilder();
        if (_trailers.Count + trailers.Headers.Count > MaxTrailerFields)
        {
            throw new InvalidOperationException(
                $"The app sent more than {MaxTrailerFields} trailer fields; the test client keeps them for the test and bounds them.");
        }

        _trailers.AddRange(trailers.Headers);
        if (!trailers.MoreTrailers)
        {
            CompleteResponse();
        }
    }

    private void CompleteResponse()
    {
        if (_trailers is not null)
        {
            foreach (var header in _trailers.Build())
            {
                _responseMessage!.TrailingHeaders.TryAddWithoutValidation(header.NameString, header.ValueString);
            }
        }

        lock (_gate)
        {
            _responseComplete = true;
        }

        _completeOrGone.TrySetResult();
    }

    private static ClientDisconnectedException Gone(Message message) =>
        new($"Cannot send '{message.Name}': the client has gone (the request was cancelled, or the response disposed before it was read).");
}