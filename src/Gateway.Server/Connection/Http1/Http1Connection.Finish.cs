using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;

using Gateway.Server.Protocol.Http1;

using static Gateway.Server.Connection.Http1.Http1ConnectionFlags;

namespace Gateway.Server.Connection.Http1;

// Ending a request: answering for an app that could not, draining what it left unread, the keep-alive decision, the
// request's metrics and access log.
internal sealed partial class Http1Connection
{
    // An unread request body left by the app is drained after the response, so the connection can serve the next
    // request, as long as it is this small; a larger one closes the connection instead.
    private const long MaxDrainBytes = 64 * 1024;

    /// <summary>Ends a request after the app returned (or threw): answers for the app when it could not, drains what the
    /// app left unread, and returns whether the connection stays open.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FinishRequestAsync(Scope scope, Exception? failure)
    {
        _phase = ConnectionPhase.Finishing;
        _state.Set(RequestFinished);
        SignalDisconnect();
        await WaitForStragglersAsync().ConfigureAwait(false);
        ReleasePendingRead();

        bool keepAlive;
        if (failure is not null)
        {
            keepAlive = await HandleAppFailureAsync(scope, failure).ConfigureAwait(false);
        }
        else if (!_state.Has(ResponseComplete))
        {
            keepAlive = await HandleIncompleteResponseAsync(scope).ConfigureAwait(false);
        }
        else
        {
            keepAlive = _framing.KeepAlive;
        }

        if (_state.HasAny(ServerAnswered | OutputBroken | ClientGone | CloseRequested))
        {
            keepAlive = false;
        }

        if (keepAlive && !_state.Has(BodyComplete))
        {
            keepAlive = await DrainBodyAsync().ConfigureAwait(false);
        }

        RecordRequestEnd(_status == 0 ? 500 : _status);
        return keepAlive;
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
                    _state.Set(BodyComplete);
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

    private void CompleteResponse()
    {
        _state.Set(ResponseComplete);
        SignalDisconnect();
        RecordRequestEnd(_status);
    }

    private void RecordRequestEnd(int status)
    {
        if (_state.Has(RequestRecorded))
        {
            return;
        }

        _state.Set(RequestRecorded);
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