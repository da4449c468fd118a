using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;

using Gateway.Server.Protocol.Http1;

using static Gateway.Server.Connection.Http1.Http1ConnectionFlags;

namespace Gateway.Server.Connection.Http1;

// The server's own answers and failures: app exceptions (500 or a cut-short response), rejected requests (400, 413,
// 417, 431, 501, 505), timeouts (408).
internal sealed partial class Http1Connection
{
    private static readonly byte[] InternalServerErrorText = "Internal Server Error"u8.ToArray();

    private async ValueTask<bool> HandleAppFailureAsync(Scope scope, Exception failure)
    {
        if (failure is ClientDisconnectedException || (failure is OperationCanceledException && _aborted.IsCancellationRequested))
        {
            // The client left and the app noticed: an ordinary event, not an error.
            ServerLog.ConnectionTimeout(_context.Logger, _id, "the app stopped after the client disconnected");
            return false;
        }

        if (_state.Has(ServerAnswered))
        {
            // The server already answered (400, 408, 413) and ended the body under the app, which then failed: expected.
            ServerLog.ConnectionTimeout(_context.Logger, _id, $"the app failed after the server answered the request ({failure.GetType().Name})");
            return false;
        }

        ServerLog.AppException(_context.Logger, scope.Method, scope.Path, failure);
        if (!_state.Has(HeadWritten) && !_state.Has(OutputBroken))
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
        _state.Set(OutputBroken);
        if (_state.Has(HeadWritten) && _framing.Body is Http1ResponseBodyFraming.ContentLength or Http1ResponseBodyFraming.Chunked)
        {
            return;
        }

        _transport.Abort(new IOException(reason));
    }

    private async ValueTask<bool> HandleIncompleteResponseAsync(Scope scope)
    {
        if (_state.HasAny(ServerAnswered | OutputBroken))
        {
            return false;
        }

        if (!_state.Has(HeadWritten))
        {
            ServerLog.ResponseAborted(_context.Logger, _id, scope.Method, scope.Path, "the app returned without completing the response; answered 500");
            await AnswerAsync(500, InternalServerErrorText, "incomplete response").ConfigureAwait(false);
            return false;
        }

        ServerLog.ResponseAborted(_context.Logger, _id, scope.Method, scope.Path, "the app returned before completing the response");
        AbortResponse("The app returned before completing the response.");
        return false;
    }

    private ValueTask RejectAsync(Http1BadRequestException exception)
    {
        _state.Set(ServerAnswered);
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
        _state.Set(ServerAnswered);
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
        if (!_state.Has(HeadWritten) && !_state.Has(OutputBroken) && Interlocked.CompareExchange(ref _sendBusy, 1, 0) == 0)
        {
            return true;
        }

        _state.Set(OutputBroken);
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
            _state.Set(OutputBroken);
        }
        finally
        {
            _state.Set(HeadWritten);
            Volatile.Write(ref _sendBusy, 0);
            SignalDisconnect();
        }
    }
}