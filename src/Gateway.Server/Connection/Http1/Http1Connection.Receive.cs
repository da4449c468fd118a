using System.Buffers;
using System.IO.Pipelines;

using Gateway.Server.Protocol.Http1;

using static Gateway.Server.Connection.Http1.Http1ConnectionFlags;

namespace Gateway.Server.Connection.Http1;

internal sealed partial class Http1Connection
{
    // Request body state, reset by StartRequest.
    private IHttp1BodyDecoder? _bodyDecoder;
    private int _receiveBusy;

    // A chunk handed to the app points into the input pipe; the pipe is advanced past it on the next receive (the
    // contract's "valid until the next receive"), or when the request finishes.
    private SequencePosition _pendingConsumed;

    // A body piece that crosses pipe segments is copied here to hand it out as one chunk.
    private byte[]? _scratch;

    // Data-rate bookkeeping for body reads (heartbeat-checked): time spent waiting for the client only.
    private long _bodyWaitStarted;
    private long _bodyWaitTotal;

    private TaskCompletionSource? _disconnectSignal;

    private void StartRequest(Http1RequestHead head)
    {
        _bodyDecoder = head.BodyKind switch
        {
            // Content-Length: 0 has no body to wait for: the app gets one empty, final chunk at once.
            Http1BodyKind.ContentLength when head.ContentLength > 0 => ResetContentLength(head.ContentLength),
            Http1BodyKind.Chunked => ResetChunked(),
            _ => null,
        };
        _state.Clear(BodyDelivered | ContinueSent | RequestFinished | PendingRead);
        _state.Assign(BodyComplete, _bodyDecoder is null);
        _bodyWaitStarted = 0;
        _bodyWaitTotal = 0;
        _disconnectSignal = null;
        StartResponse();
    }

    private Http1ContentLengthDecoder ResetContentLength(long length)
    {
        _contentLengthDecoder.Reset(length);
        return _contentLengthDecoder;
    }

    private Http1ChunkedDecoder ResetChunked()
    {
        // Request trailers are validated and dropped: the contract has no message for them.
        _chunkedDecoder.Reset(trailers: null);
        return _chunkedDecoder;
    }

    private ValueTask<Message> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _receiveBusy, 1) != 0)
        {
            throw new InvalidOperationException("'receive' was called while a previous call was still pending: calls must not overlap.");
        }

        if (_state.HasAny(RequestFinished | ClientGone | ServerAnswered))
        {
            Volatile.Write(ref _receiveBusy, 0);
            return ValueTask.FromResult<Message>(HttpDisconnect.Instance);
        }

        if (_state.Has(BodyComplete))
        {
            if (!_state.Has(BodyDelivered))
            {
                // A request without a body: one empty, final chunk.
                ReleasePendingRead();
                _state.Set(BodyDelivered);
                Volatile.Write(ref _receiveBusy, 0);
                return ValueTask.FromResult<Message>(HttpRequest.Empty);
            }

            return WaitForDisconnectAsync(cancellationToken);
        }

        return ReceiveBodyAsync(cancellationToken);
    }

    private async ValueTask<Message> ReceiveBodyAsync(CancellationToken cancellationToken)
    {
        try
        {
            ReleasePendingRead();
            if (_parser.Head.ExpectContinue && !_state.Has(ContinueSent))
            {
                await SendContinueAsync().ConfigureAwait(false);
            }

            var decoder = _bodyDecoder!;
            while (true)
            {
                ReadResult result;
                Volatile.Write(ref _bodyWaitStarted, Environment.TickCount64);
                try
                {
                    result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _bodyWaitTotal += Environment.TickCount64 - Volatile.Read(ref _bodyWaitStarted);
                    Volatile.Write(ref _bodyWaitStarted, 0);
                }

                var buffer = result.Buffer;
                if (result.IsCanceled)
                {
                    _input.AdvanceTo(buffer.Start);
                    if ((CancelReason)_cancelReason == CancelReason.BodyTooSlow)
                    {
                        await AnswerAsync(408, "The request body arrived too slowly."u8, "request body too slow").ConfigureAwait(false);
                        return HttpDisconnect.Instance;
                    }

                    if (_state.Has(RequestFinished))
                    {
                        return HttpDisconnect.Instance;
                    }

                    continue;
                }

                var reader = new SequenceReader<byte>(buffer);
                bool produced;
                ReadOnlySequence<byte> data;
                try
                {
                    produced = decoder.TryRead(ref reader, out data);
                }
                catch (Http1BadRequestException exception)
                {
                    _input.AdvanceTo(reader.Position, buffer.End);
                    await RejectAsync(exception).ConfigureAwait(false);
                    return HttpDisconnect.Instance;
                }

                if (_context.Limits.MaxRequestBodySize is { } max && decoder.DecodedBytes > max)
                {
                    _input.AdvanceTo(reader.Position, buffer.End);
                    await AnswerAsync(413, "The request body is larger than this server accepts."u8, "body too large").ConfigureAwait(false);
                    return HttpDisconnect.Instance;
                }

                if (produced)
                {
                    _state.Assign(BodyComplete, decoder.IsComplete);
                    _state.Assign(BodyDelivered, _state.Has(BodyComplete));
                    if (data.IsEmpty)
                    {
                        _input.AdvanceTo(reader.Position);
                        return HttpRequest.Empty;
                    }

                    if (data.IsSingleSegment)
                    {
                        // Zero copy: the app reads the pipe's own memory until its next receive.
                        _state.Set(PendingRead);
                        _pendingConsumed = reader.Position;
                        return new HttpRequest(data.First, moreBody: !_state.Has(BodyComplete));
                    }

                    var copy = CopyToScratch(data);
                    _input.AdvanceTo(reader.Position);
                    return new HttpRequest(copy, moreBody: !_state.Has(BodyComplete));
                }

                _input.AdvanceTo(reader.Position, buffer.End);
                if (result.IsCompleted)
                {
                    // The client closed before sending the whole body.
                    _state.Set(ClientGone);
                    return HttpDisconnect.Instance;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _receiveBusy, 0);
        }
    }

    /// <summary>After the body: completes when the response is complete, the request ends or the client leaves.</summary>
    private async ValueTask<Message> WaitForDisconnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _disconnectSignal, signal);
            if (!_state.Has(ResponseComplete) && !_state.Has(RequestFinished) && !_aborted.IsCancellationRequested)
            {
                using var registration = _aborted.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), signal);
                await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            return HttpDisconnect.Instance;
        }
        finally
        {
            Volatile.Write(ref _receiveBusy, 0);
        }
    }

    private void SignalDisconnect() => Volatile.Read(ref _disconnectSignal)?.TrySetResult();

    private void ReleasePendingRead()
    {
        if (_state.Has(PendingRead))
        {
            _state.Clear(PendingRead);
            _input.AdvanceTo(_pendingConsumed);
        }
    }

    private ReadOnlyMemory<byte> CopyToScratch(ReadOnlySequence<byte> data)
    {
        var length = (int)data.Length;
        if (_scratch is null || _scratch.Length < length)
        {
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }

            _scratch = ArrayPool<byte>.Shared.Rent(length);
        }

        data.CopyTo(_scratch);
        return _scratch.AsMemory(0, length);
    }

    private void CheckDataRates(long nowTicks)
    {
        if (_context.Limits.MinRequestBodyDataRate is { } bodyRate)
        {
            var started = Volatile.Read(ref _bodyWaitStarted);
            if (started != 0)
            {
                var waited = TimeSpan.FromMilliseconds(_bodyWaitTotal + (nowTicks - started));
                if (bodyRate.IsTooSlow(_bodyDecoder?.DecodedBytes ?? 0, waited))
                {
                    _cancelReason = (int)CancelReason.BodyTooSlow;
                    _input.CancelPendingRead();
                }
            }
        }

        if (_context.Limits.MinResponseDataRate is { } responseRate)
        {
            var started = Volatile.Read(ref _flushWaitStarted);
            if (started != 0)
            {
                var waited = TimeSpan.FromMilliseconds(_flushWaitTotal + (nowTicks - started));
                if (responseRate.IsTooSlow(_responseBytes, waited))
                {
                    ServerLog.ConnectionTimeout(_context.Logger, _id, "the client reads the response too slowly");
                    _transport.Abort(new Transport.ConnectionResetException("The client read the response below the minimum data rate."));
                }
            }
        }
    }

    /// <summary>Answers <c>Expect: 100-continue</c> the first time the app reads the body, unless its response has
    /// already gone out or the body has already started to arrive (then the client needs no go-ahead, and an interim
    /// response after it sent the body only confuses it; RFC 9110 §10.1.1 lets the server omit it).</summary>
    private async ValueTask SendContinueAsync()
    {
        _state.Set(ContinueSent);
        if (_state.Has(HeadWritten) || BodyAlreadyArriving() || Interlocked.CompareExchange(ref _sendBusy, 1, 0) != 0)
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
            _state.Set(OutputBroken);
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
}