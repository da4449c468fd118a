using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;

using Gateway.Server.Protocol.Http1;

namespace Gateway.Server.Connection.Http1;

internal sealed partial class Http1Connection
{
    // An unread request body left by the app is drained after the response, so the connection can serve the next
    // request, as long as it is this small; a larger one closes the connection instead.
    private const long MaxDrainBytes = 64 * 1024;

    private static readonly byte[] InternalServerErrorText = "Internal Server Error"u8.ToArray();

    /// <summary>Ends a request after the app returned (or threw): answers for the app when it could not, drains what the
    /// app left unread, and returns whether the connection stays open.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FinishRequestAsync(Scope scope, Exception? failure)
    {
        _phase = ConnectionPhase.Finishing;
        _requestFinished = true;
        SignalDisconnect();
        await WaitForStragglersAsync().ConfigureAwait(false);
        ReleasePendingRead();

        bool keepAlive;
        if (failure is not null)
        {
            keepAlive = await HandleAppFailureAsync(scope, failure).ConfigureAwait(false);
        }
        else if (!_responseComplete)
        {
            keepAlive = await HandleIncompleteResponseAsync(scope).ConfigureAwait(false);
        }
        else
        {
            keepAlive = _framing.KeepAlive;
        }

        if (_serverAnswered || _outputFailed || _clientGone || _closeRequested)
        {
            keepAlive = false;
        }

        if (keepAlive && !_bodyComplete)
        {
            keepAlive = await DrainBodyAsync().ConfigureAwait(false);
        }

        RecordRequestEnd(_status == 0 ? 500 : _status);
        return keepAlive;
    }

    private async ValueTask<bool> HandleAppFailureAsync(Scope scope, Exception failure)
    {
        if (failure is ClientDisconnectedException || (failure is OperationCanceledException && _aborted.IsCancellationRequested))
        {
            // The client left and the app noticed: an ordinary event, not an error.
            ServerLog.ConnectionTimeout(_context.Logger, _id, "the app stopped after the client disconnected");
            return false;
        }

        if (_serverAnswered)
        {
            // The server already answered (400, 408, 413) and ended the body under the app, which then failed: expected.
            ServerLog.ConnectionTimeout(_context.Logger, _id, $"the app failed after the server answered the request ({failure.GetType().Name})");
            return false;
        }

        ServerLog.AppException(_context.Logger, scope.Method, scope.Path, failure);
        if (!_headWritten && !_outputFailed)
        {
            // Nothing reached the client yet: it can still get an honest 500.
            await AnswerAsync(500, InternalServerErrorText, "app exception").ConfigureAwait(false);
            return false;
        }

        // Part of the response is out: end it unfinished, so the client sees a truncated response, not a wrong one.
        AbortResponse(failure.Message);
        return false;
    }

    /// <summary>
    /// Ends a response that cannot be completed. When the framing delimits the body (content-length, chunked) the client
    /// sees it short whatever happens next, so the bytes already sent are delivered and the connection closed gracefully,
    /// which helps whoever debugs it; a close-delimited body would look complete after a graceful close, so that
    /// connection is reset instead.
    /// </summary>
    private void AbortResponse(string reason)
    {
        _outputFailed = true;
        if (_headWritten && _framing.Body is Http1ResponseBodyFraming.ContentLength or Http1ResponseBodyFraming.Chunked)
        {
            return;
        }

        _transport.Abort(new IOException(reason));
    }

    private async ValueTask<bool> HandleIncompleteResponseAsync(Scope scope)
    {
        if (_serverAnswered || _outputFailed)
        {
            return false;
        }

        if (!_headWritten)
        {
            ServerLog.ResponseAborted(_context.Logger, _id, scope.Method, scope.Path, "the app returned without completing the response; answered 500");
            await AnswerAsync(500, InternalServerErrorText, "incomplete response").ConfigureAwait(false);
            return false;
        }

        ServerLog.ResponseAborted(_context.Logger, _id, scope.Method, scope.Path, "the app returned before completing the response");
        AbortResponse("The app returned before completing the response.");
        return false;
    }

    /// <summary>Waits for a receive or send the app left running in the background, ending a pending body read.</summary>
    private async ValueTask WaitForStragglersAsync()
    {
        for (var spins = 0; Volatile.Read(ref _receiveBusy) != 0 || Volatile.Read(ref _sendBusy) != 0; spins++)
        {
            if (Volatile.Read(ref _receiveBusy) != 0)
            {
                _input.CancelPendingRead();
            }

            if (spins > 100)
            {
                // A send stuck on a client that stopped reading: the data-rate check will abort it; stop waiting politely.
                _transport.Abort(new IOException("A send was still pending after the app returned."));
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>Reads and discards the rest of a small request body the app did not read.</summary>
    private async ValueTask<bool> DrainBodyAsync()
    {
        var decoder = _bodyDecoder!;
        var start = decoder.DecodedBytes;
        SetDeadline(_context.Limits.RequestHeadersTimeout);
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (result.IsCanceled)
                {
                    _input.AdvanceTo(buffer.Start);
                    return false;
                }

                var reader = new SequenceReader<byte>(buffer);
                try
                {
                    while (!decoder.IsComplete && decoder.TryRead(ref reader, out _))
                    {
                    }
                }
                catch (Http1BadRequestException)
                {
                    _input.AdvanceTo(reader.Position, buffer.End);
                    return false;
                }

                _input.AdvanceTo(reader.Position, decoder.IsComplete ? reader.Position : buffer.End);
                if (decoder.IsComplete)
                {
                    _bodyComplete = true;
                    return true;
                }

                if (result.IsCompleted || decoder.DecodedBytes - start > MaxDrainBytes)
                {
                    return false;
                }
            }
        }
        finally
        {
            ClearDeadline();
        }
    }

    private ValueTask RejectAsync(Http1BadRequestException exception)
    {
        _serverAnswered = true;
        var reason = exception.Reason.ToString();
        ServerLog.BadRequest(_context.Logger, _id, exception.StatusCode, reason);
        _context.Metrics.BadRequest(reason);
        if (!TryTakeOutput())
        {
            return ValueTask.CompletedTask;
        }

        var writer = new Http1BufferWriter<PipeWriter>(_output);
        Http1ResponseWriter.WriteRejection(ref writer, exception.Reason, Http1DateHeader.Shared);
        writer.Commit();
        _status = exception.StatusCode;
        return FlushAnswerAsync();
    }

    /// <summary>Answers the request on the app's behalf (408, 413, 500 ...) and marks the connection for closing.</summary>
    private ValueTask AnswerAsync(int status, ReadOnlySpan<byte> text, string reason)
    {
        _serverAnswered = true;
        if (status != 500)
        {
            ServerLog.BadRequest(_context.Logger, _id, status, reason);
            _context.Metrics.BadRequest(reason);
        }

        if (!TryTakeOutput())
        {
            return ValueTask.CompletedTask;
        }

        var writer = new Http1BufferWriter<PipeWriter>(_output);
        writer.Write(Http1StatusLines.Get(status));
        writer.Write("content-type: text/plain; charset=utf-8\r\ncontent-length: "u8);
        writer.WriteDecimal(text.Length);
        writer.Write("\r\nconnection: close\r\n"u8);
        writer.Write(Http1DateHeader.Shared.GetLine().Span);
        writer.Write("\r\n"u8);
        writer.Write(text);
        writer.Commit();
        _status = status;
        return FlushAnswerAsync();
    }

    /// <summary>Takes the output for a server answer; when the app's response is already on the wire or the app is
    /// writing at this moment, an answer would corrupt it, so the connection is aborted instead.</summary>
    private bool TryTakeOutput()
    {
        if (!_headWritten && !_outputFailed && Interlocked.CompareExchange(ref _sendBusy, 1, 0) == 0)
        {
            return true;
        }

        _outputFailed = true;
        _transport.Abort(new IOException("The server could not answer: the response had already started."));
        return false;
    }

    private async ValueTask FlushAnswerAsync()
    {
        try
        {
            await _output.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (IsOutputFailure(exception))
        {
            _outputFailed = true;
        }
        finally
        {
            _headWritten = true;
            Volatile.Write(ref _sendBusy, 0);
            SignalDisconnect();
        }
    }

    /// <summary>Answers <c>Expect: 100-continue</c> the first time the app reads the body, unless its response has
    /// already gone out or the body has already started to arrive (then the client needs no go-ahead, and an interim
    /// response after it sent the body only confuses it; RFC 9110 §10.1.1 lets the server omit it).</summary>
    private async ValueTask SendContinueAsync()
    {
        _continueSent = true;
        if (_headWritten || BodyAlreadyArriving() || Interlocked.CompareExchange(ref _sendBusy, 1, 0) != 0)
        {
            return;
        }

        try
        {
            var writer = new Http1BufferWriter<PipeWriter>(_output);
            Http1ResponseWriter.WriteContinue(ref writer);
            writer.Commit();
            await _output.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (IsOutputFailure(exception))
        {
            _outputFailed = true;
        }
        finally
        {
            Volatile.Write(ref _sendBusy, 0);
        }
    }

    /// <summary>Whether bytes of the body are already in the input pipe (read without consuming or examining them).</summary>
    private bool BodyAlreadyArriving()
    {
        if (!_input.TryRead(out var result))
        {
            return false;
        }

        _input.AdvanceTo(result.Buffer.Start);
        if (result.IsCanceled)
        {
            // TryRead consumed a cancellation meant for the body read that follows (a timeout): arm it again.
            _input.CancelPendingRead();
            return false;
        }

        return !result.Buffer.IsEmpty;
    }

    private void CompleteResponse()
    {
        _responseComplete = true;
        SignalDisconnect();
        RecordRequestEnd(_status);
    }

    private void RecordRequestEnd(int status)
    {
        if (_requestRecorded)
        {
            return;
        }

        _requestRecorded = true;
        var head = _parser.Head;
        var version = head.Version == Http1Version.Http11 ? "1.1" : "1.0";
        _context.Metrics.RequestEnded(head.Method, status, version, _requestStarted);
        if (_options.AccessLog && _context.AccessLogger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information))
        {
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(_requestStarted).TotalMilliseconds;
            ServerLog.Access(_context.AccessLogger, _client?.ToString() ?? "-", head.Method, Encoding.Latin1.GetString(head.RawTarget.Span), version, status, _bodyBytes, elapsed);
        }
    }
}