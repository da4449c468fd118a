using System.Buffers;
using System.Runtime.CompilerServices;

using Gateway.Server.Protocol.Http1;

using static Gateway.Server.Connection.Http1.Http1ConnectionFlags;

namespace Gateway.Server.Connection.Http1;

internal sealed partial class Http1Connection
{
    // Timeouts and data rates are enforced by the server's heartbeat (about once a second): the connection publishes a
    // deadline or the start of a wait, the heartbeat compares and cancels the pending read. Nothing is allocated and no
    // timer is touched per read.
    //
    //   phase        deadline                                   on expiry
    //   Idle         keep-alive timeout (first request:         close silently (nothing was started)
    //                request-headers timeout from connect)
    //   ReadingHead  request-headers timeout from the first     408, close (slowloris)
    //                byte of the head
    //   AppRunning   body reads: min request body data rate     408 if the response has not started, then close
    //                flushes: min response data rate            abort (the client stopped reading)
    private long _deadline = long.MaxValue;
    private volatile ConnectionPhase _phase;
    private volatile int _cancelReason;

    private enum CancelReason
    {
        None,
        HeadTimeout,
        BodyTooSlow,
    }

    public void OnHeartbeat(long nowTicks)
    {
        if (_webSocket is { } session)
        {
            session.OnHeartbeat(nowTicks);
            return;
        }

        if (nowTicks > Volatile.Read(ref _deadline) && _phase is ConnectionPhase.Idle or ConnectionPhase.ReadingHead or ConnectionPhase.Finishing)
        {
            _cancelReason = (int)CancelReason.HeadTimeout;
            _input.CancelPendingRead();
        }

        CheckDataRates(nowTicks);
    }

    private void SetDeadline(TimeSpan timeout) => Volatile.Write(ref _deadline, Environment.TickCount64 + (long)timeout.TotalMilliseconds);

    private void ClearDeadline() => Volatile.Write(ref _deadline, long.MaxValue);

    /// <summary>Reads and parses the next request head. Returns false when the connection should close (the client
    /// closed, went idle past the keep-alive timeout, was too slow, sent a bad request, or the server is stopping).</summary>
    // Pooled: this awaits on every kept-alive request, and its one caller awaits it once.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadRequestHeadAsync()
    {
        _parser.Reset();
        _headers.Clear();

        // Nothing of the next response exists yet: a rejection of this head must be able to answer.
        _state.Clear(HeadWritten);
        _phase = ConnectionPhase.Idle;
        // RequestClose sets CloseRequested and then reads the phase; this stores the phase and then reads the flag.
        // Without a full fence between the store and the load both sides can miss each other (a volatile store may
        // pass a later load), the stop never cancels this read and it waits for the keep-alive timeout.
        Interlocked.MemoryBarrier();
        _cancelReason = (int)CancelReason.None;
        SetDeadline(_requestCount == 0 ? _context.Limits.RequestHeadersTimeout : _context.Limits.KeepAliveTimeout);
        if (_state.Has(CloseRequested))
        {
            return false;
        }

        while (true)
        {
            var result = await _input.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                _input.AdvanceTo(buffer.Start);
                if ((CancelReason)_cancelReason == CancelReason.HeadTimeout)
                {
                    ClearDeadline();
                    if (_phase == ConnectionPhase.ReadingHead || !buffer.IsEmpty)
                    {
                        await AnswerAsync(408, "The request headers did not arrive in time."u8, "request headers timeout").ConfigureAwait(false);
                    }
                    else
                    {
                        ServerLog.ConnectionTimeout(_context.Logger, _id, "keep-alive timeout");
                        _transport.SkipLingeringClose();
                    }

                    return false;
                }

                if (_state.Has(CloseRequested) && _phase == ConnectionPhase.Idle)
                {
                    // Closed between requests (the server is stopping): with nothing unread there is no response a
                    // reset could cut, so the close need not wait for the idle client's FIN.
                    if (buffer.IsEmpty)
                    {
                        _transport.SkipLingeringClose();
                    }

                    return false;
                }

                // A stale cancellation meant for an earlier read: read again.
                continue;
            }

            if (_phase == ConnectionPhase.Idle && !buffer.IsEmpty)
            {
                // The first byte of a request: from now on the client has the request-headers timeout to finish it.
                _phase = ConnectionPhase.ReadingHead;
                if (_requestCount > 0)
                {
                    SetDeadline(_context.Limits.RequestHeadersTimeout);
                }
            }

            var reader = new SequenceReader<byte>(buffer);
            bool complete;
            try
            {
                complete = _parser.TryParseHead(ref reader, _headers);
            }
            catch (Http1BadRequestException exception)
            {
                _input.AdvanceTo(reader.Position, buffer.End);
                await RejectAsync(exception).ConfigureAwait(false);
                return false;
            }

            _input.AdvanceTo(reader.Position, complete ? reader.Position : buffer.End);
            if (complete)
            {
                ClearDeadline();
                return true;
            }

            if (result.IsCompleted)
            {
                // The client closed: between requests that is a normal end; mid-head it leaves nothing to answer.
                return false;
            }
        }
    }
}