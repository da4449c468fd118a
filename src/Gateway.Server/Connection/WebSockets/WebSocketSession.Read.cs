using System.Buffers;
using System.IO.Pipelines;

using Gateway.Server.Protocol.WebSockets;

namespace Gateway.Server.Connection.WebSockets;

internal sealed partial class WebSocketSession
{
    private enum Step
    {
        /// <summary>The input is used up: read more.</summary>
        ReadMore,

        /// <summary>A message is complete: hand it to the queue (which may wait), then go on with the rest of the input.</summary>
        Deliver,

        /// <summary>A ping: answer it, then go on.</summary>
        Pong,

        /// <summary>The peer's close arrived: answer it and stop.</summary>
        Closed,
    }

    /// <summary>Reads frames until the peer's close, a protocol violation or the end of the transport. Never throws.</summary>
    private async Task ReadLoopAsync()
    {
        // The app must not wait on this loop's stack: the first frame is usually read by the app's own receive otherwise.
        await Task.Yield();
        var pingPayload = new byte[125];
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    Volatile.Write(ref _lastReceived, Environment.TickCount64);
                    Volatile.Write(ref _pingSentAt, 0);
                }

                Step step;
                WebSocketReceive? message = null;
                var pingLength = 0;
                var consumed = buffer.Start;
                try
                {
                    step = ReadFrames(buffer, out consumed, out message, pingPayload, out pingLength);
                }
                catch (WebSocketProtocolException violation)
                {
                    _input.AdvanceTo(buffer.End);
                    ServerLog.WebSocketProtocolError(_context.Logger, _id, violation.CloseCode, violation.Message);
                    await FailAsync(violation.CloseCode, violation.Message, abort: false).ConfigureAwait(false);
                    return;
                }

                if (step == Step.ReadMore)
                {
                    _input.AdvanceTo(consumed, buffer.End);
                    if (result.IsCompleted || result.IsCanceled)
                    {
                        // The peer dropped the connection without a close frame.
                        PeerGone();
                        return;
                    }

                    continue;
                }

                // Stop here for now; the rest of the input is read again after the step.
                _input.AdvanceTo(consumed);
                switch (step)
                {
                    case Step.Deliver:
                        Volatile.Write(ref _lastMessage, Environment.TickCount64);
                        await _queue.EnqueueAsync(message!).ConfigureAwait(false);
                        break;
                    case Step.Pong:
                        await SendPongAsync(pingPayload.AsMemory(0, pingLength)).ConfigureAwait(false);
                        break;
                    case Step.Closed:
                        await AnswerCloseAsync().ConfigureAwait(false);
                        return;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The transport failed or was aborted (timeouts, shutdown).
            ServerLog.ConnectionFailed(_context.Logger, _id, exception);
            PeerGone();
        }
        catch (ClientDisconnectedException)
        {
            PeerGone();
        }
    }

    /// <summary>Reads frames from <paramref name="buffer"/> until one needs the loop to act.</summary>
    private Step ReadFrames(ReadOnlySequence<byte> buffer, out SequencePosition consumed, out WebSocketReceive? message, byte[] pingPayload, out int pingLength)
    {
        var reader = new SequenceReader<byte>(buffer);
        message = null;
        pingLength = 0;
        try
        {
            while (true)
            {
                switch (_frames.Read(ref reader, _message))
                {
                    case WebSocketFrameEvent.NeedMoreData:
                        return Step.ReadMore;
                    case WebSocketFrameEvent.TextMessage:
                        // The queue may hold it past the next read: it gets an array of its own; the buffer is reused.
                        message = _closeSent ? null : WebSocketReceive.FromUtf8Text(_message.WrittenSpan.ToArray());
                        _message.Reset();
                        if (message is not null)
                        {
                            return Step.Deliver;
                        }

                        break;
                    case WebSocketFrameEvent.BinaryMessage:
                        message = _closeSent ? null : new WebSocketReceive(_message.WrittenSpan.ToArray());
                        _message.Reset();
                        if (message is not null)
                        {
                            return Step.Deliver;
                        }

                        break;
                    case WebSocketFrameEvent.Ping:
                        if (_closeSent)
                        {
                            break;
                        }

                        _frames.ControlPayload.CopyTo(pingPayload);
                        pingLength = _frames.ControlPayload.Length;
                        return Step.Pong;
                    case WebSocketFrameEvent.Pong:
                        break;
                    case WebSocketFrameEvent.Close:
                        _closeReceived = true;
                        _peerCloseCode = _frames.CloseCode;
                        _peerCloseReason = DecodeReason(_frames.CloseReason);
                        return Step.Closed;
                }
            }
        }
        finally
        {
            consumed = reader.Position;
        }
    }

    /// <summary>The peer closed: the app gets its code after the queued messages, and the peer gets the echo (unless the
    /// server had closed first, in which case this was the answer).</summary>
    private async Task AnswerCloseAsync()
    {
        // RFC 6455 5.5.1: echo the status code received; an empty close gets an empty close.
        var echoReason = _peerCloseCode == WebSocketCloseCode.NoStatusReceived ? null : _peerCloseReason;
        ClaimClose(_peerCloseCode, echoReason);
        _queue.Complete(new WebSocketDisconnect(_peerCloseCode, _peerCloseReason));
        try
        {
            await SendCloseAsync(_peerCloseCode, echoReason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ClientDisconnectedException)
        {
            // The peer did not wait for the echo.
        }
    }

    private async Task SendPongAsync(ReadOnlyMemory<byte> payload)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_closeSent || _outputFailed)
            {
                return;
            }

            WebSocketFrameWriter.WritePong(_output, payload.Span);
            await FlushAsync(payload.Length + 2, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void PeerGone()
    {
        _outputFailed = true;
        _queue.Complete(new WebSocketDisconnect(WebSocketCloseCode.AbnormalClosure));
    }
}