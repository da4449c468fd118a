using System.Diagnostics;
using System.IO.Pipelines;

using Gateway.Server.Protocol.Http1;

using Microsoft.Win32.SafeHandles;

using static Gateway.Server.Connection.Http1.Http1ConnectionFlags;

namespace Gateway.Server.Connection.Http1;

internal sealed partial class Http1Connection
{
    private const int FileReadSize = 64 * 1024;

    // Response state, reset by StartResponse.
    private HttpResponseStart? _start;
    private Http1ResponseHeaderInfo _startInfo;
    private Http1ResponseFraming _framing;
    private HeadersBuilder? _trailers;
    private long _bodyBytes;
    private int _sendBusy;
    private long _requestStarted;
    private int _status;

    // Data-rate bookkeeping for flushes (heartbeat-checked): time spent waiting for the client to read.
    private long _responseBytes;
    private long _flushWaitStarted;
    private long _flushWaitTotal;

    private void StartResponse()
    {
        _start = null;
        _trailers?.Clear();
        _state.Clear(HeadWritten | ResponseComplete | ServerAnswered | RequestRecorded | CloseAfterResponse);
        _bodyBytes = 0;
        _status = 0;
        _responseBytes = 0;
        _flushWaitStarted = 0;
        _flushWaitTotal = 0;
        _requestStarted = Stopwatch.GetTimestamp();
        _context.Metrics.RequestStarted();
    }

    private ValueTask SendAsync(Message message, CancellationToken cancellationToken = default) =>
        GuardedSendAsync(message, webSocket: false, cancellationToken);

    /// <summary>The app's <c>send</c> for either kind of scope: refuses overlapping calls, and holds the output (against
    /// the server's own answers) until the message is written and flushed.</summary>
    private ValueTask GuardedSendAsync(Message message, bool webSocket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Interlocked.Exchange(ref _sendBusy, 1) != 0)
        {
            throw new InvalidOperationException("'send' was called while a previous call was still pending: calls must not overlap.");
        }

        ValueTask pending;
        try
        {
            pending = webSocket ? WebSocketSendCore(message, cancellationToken) : SendCore(message, cancellationToken);
        }
        catch
        {
            Volatile.Write(ref _sendBusy, 0);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            Volatile.Write(ref _sendBusy, 0);
            return ValueTask.CompletedTask;
        }

        return AwaitSendAsync(pending);
    }

    private async ValueTask AwaitSendAsync(ValueTask pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _sendBusy, 0);
        }
    }

    /// <summary>Validates and writes one message; returns what is left to await (the flush, a file copy).</summary>
    private ValueTask SendCore(Message message, CancellationToken cancellationToken)
    {
        if (_state.Has(RequestFinished))
        {
            throw new InvalidOperationException($"Cannot send '{message.Name}': the app already returned for this request.");
        }

        // Everything that can be wrong with the message itself is checked before the exchange moves on.
        FileRange file = default;
        switch (message)
        {
            case HttpResponseStart start:
                _startInfo = Http1ResponseHeaderInfo.Inspect(start.Headers);
                break;
            case HttpResponseEarlyHints hints:
                ValidateFields(hints.Headers);
                break;
            case HttpResponseTrailers trailers:
                ValidateFields(trailers.Headers);
                break;
            case HttpResponseFile fileMessage:
                file = OpenFileRange(fileMessage);
                break;
        }

        try
        {
            _validator.Advance(message);
            if (_state.HasAny(ServerAnswered | OutputBroken))
            {
                throw new ClientDisconnectedException($"Cannot send '{message.Name}': the client is gone, or the server already answered this request.");
            }
        }
        catch
        {
            file.Handle?.Dispose();
            throw;
        }

        switch (message)
        {
            case HttpResponseStart start:
                // The head waits for the first body message: a whole body sent at once gets a content-length.
                _start = start;
                _status = start.Status;
                return ValueTask.CompletedTask;
            case HttpResponseBody body:
                WriteBody(body.Body.Span, final: !body.MoreBody);
                break;
            case HttpResponseTrailers trailers:
                (_trailers ??= new HeadersBuilder()).AddRange(trailers.Headers);
                if (trailers.MoreTrailers)
                {
                    return ValueTask.CompletedTask;
                }

                WriteLastChunk(_trailers.Build());
                break;
            case HttpResponseEarlyHints hints:
                WriteEarlyHints(hints.Headers);
                break;
            case HttpResponseFile:
                return SendFileAsync(file, cancellationToken);
        }

        return FlushAsync(cancellationToken);
    }

    private void WriteBody(ReadOnlySpan<byte> data, bool final)
    {
        var writer = new Http1BufferWriter<PipeWriter>(_output);
        if (!_state.Has(HeadWritten))
        {
            WriteHead(ref writer, knownBodyLength: final ? data.Length : -1);
        }

        switch (_framing.Body)
        {
            case Http1ResponseBodyFraming.ContentLength:
                var declared = _framing.ContentLengthHeader;
                if (_bodyBytes + data.Length > declared)
                {
                    writer.Commit();
                    throw LengthMismatch($"the app sent more than its content-length of {declared} bytes");
                }

                writer.Write(data);
                if (final && _bodyBytes + data.Length < declared)
                {
                    writer.Commit();
                    throw LengthMismatch($"the app completed the body after {_bodyBytes + data.Length} of its content-length of {declared} bytes");
                }

                break;
            case Http1ResponseBodyFraming.Chunked:
                Http1ResponseWriter.WriteChunk(ref writer, data);
                if (final && !_start!.Trailers)
                {
                    Http1ResponseWriter.WriteLastChunk(ref writer);
                }

                break;
            case Http1ResponseBodyFraming.CloseDelimited:
                writer.Write(data);
                break;
            default:
                // HEAD, 204, 304: the body is not sent.
                break;
        }

        writer.Commit();
        _bodyBytes += data.Length;
        _responseBytes += writer.BytesCommitted;
    }

    private void WriteHead(ref Http1BufferWriter<PipeWriter> writer, long knownBodyLength)
    {
        var head = _parser.Head;
        var start = _start!;
        _framing = Http1ResponseFraming.Decide(
            head.IsHeadMethod,
            start.Status,
            head.Version,
            _startInfo.ContentLength,
            knownBodyLength,
            start.Trailers,
            head.AcceptsTrailers,
            head.KeepAlive,
            forceClose: _state.HasAny(CloseRequested | CloseAfterResponse) || !CanKeepAliveWithUnreadBody());
        Http1ResponseWriter.WriteHead(ref writer, start.Status, start.Headers, _startInfo, _framing, Http1DateHeader.Shared, _options.AddServerHeader ? ServerName : default);
        _state.Set(HeadWritten);
    }

    private void WriteLastChunk(Headers trailers)
    {
        var writer = new Http1BufferWriter<PipeWriter>(_output);
        if (!_state.Has(HeadWritten))
        {
            WriteHead(ref writer, knownBodyLength: -1);
        }

        Http1ResponseWriter.WriteLastChunk(ref writer, trailers);
        writer.Commit();
        _responseBytes += writer.BytesCommitted;
    }

    private void WriteEarlyHints(Headers headers)
    {
        var writer = new Http1BufferWriter<PipeWriter>(_output);
        Http1ResponseWriter.WriteEarlyHints(ref writer, headers);
        writer.Commit();
        _responseBytes += writer.BytesCommitted;
    }

    private ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        ValueTask<FlushResult> flush;
        try
        {
            flush = _output.FlushAsync(cancellationToken);
        }
        catch (Exception exception) when (IsOutputFailure(exception))
        {
            throw OutputFailed(exception);
        }

        if (flush.IsCompletedSuccessfully)
        {
            OnFlushed(flush.Result);
            return ValueTask.CompletedTask;
        }

        return AwaitFlushAsync(flush);
    }

    private async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        // The client is reading slower than we write: the heartbeat watches how long we wait here.
        Volatile.Write(ref _flushWaitStarted, Environment.TickCount64);
        FlushResult result;
        try
        {
            result = await flush.ConfigureAwait(false);
        }
        catch (Exception exception) when (IsOutputFailure(exception))
        {
            throw OutputFailed(exception);
        }
        finally
        {
            _flushWaitTotal += Environment.TickCount64 - Volatile.Read(ref _flushWaitStarted);
            Volatile.Write(ref _flushWaitStarted, 0);
        }

        OnFlushed(result);
    }

    private void OnFlushed(FlushResult result)
    {
        if (result.IsCompleted)
        {
            throw OutputFailed(null);
        }

        if (_validator.IsComplete && !_state.Has(ResponseComplete))
        {
            CompleteResponse();
        }
    }

    private async ValueTask SendFileAsync(FileRange file, CancellationToken cancellationToken)
    {
        using var handle = file.Handle!;
        WriteFileHead(file.Length);
        var position = file.Offset;
        var remaining = _framing.HasBody ? file.Length : 0;
        while (remaining > 0)
        {
            var memory = _output.GetMemory((int)Math.Min(FileReadSize, remaining));
            var read = await RandomAccess.ReadAsync(handle, memory[..(int)Math.Min(memory.Length, remaining)], position, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw LengthMismatch($"the file '{file.Path}' ended {remaining} bytes early");
            }

            _output.Advance(read);
            position += read;
            remaining -= read;
            _bodyBytes += read;
            _responseBytes += read;
            if (remaining > 0)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        WriteFileEnd(wroteChunk: file.Length > 0);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private void WriteFileHead(long length)
    {
        var writer = new Http1BufferWriter<PipeWriter>(_output);
        if (!_state.Has(HeadWritten))
        {
            WriteHead(ref writer, knownBodyLength: length);
        }

        if (_framing.Body == Http1ResponseBodyFraming.ContentLength && _bodyBytes + length != _framing.ContentLengthHeader)
        {
            writer.Commit();
            throw LengthMismatch($"the file sends {length} bytes after {_bodyBytes}, but the content-length is {_framing.ContentLengthHeader}");
        }

        if (_framing.Body == Http1ResponseBodyFraming.Chunked && length > 0)
        {
            // One chunk for the whole range: its length is known before reading.
            Http1ResponseWriter.WriteChunkPrefix(ref writer, length);
        }

        writer.Commit();
        _responseBytes += writer.BytesCommitted;
    }

    private void WriteFileEnd(bool wroteChunk)
    {
        if (_framing.Body != Http1ResponseBodyFraming.Chunked)
        {
            return;
        }

        var writer = new Http1BufferWriter<PipeWriter>(_output);
        if (wroteChunk)
        {
            Http1ResponseWriter.WriteChunkSuffix(ref writer);
        }

        if (!_start!.Trailers)
        {
            Http1ResponseWriter.WriteLastChunk(ref writer);
        }

        writer.Commit();
        _responseBytes += writer.BytesCommitted;
    }

    private static FileRange OpenFileRange(HttpResponseFile message)
    {
        var handle = File.OpenHandle(message.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.SequentialScan);
        try
        {
            var fileLength = RandomAccess.GetLength(handle);
            if (message.Offset > fileLength || (message.Length is { } requested && message.Offset + requested > fileLength))
            {
                throw new ArgumentOutOfRangeException(nameof(message), $"The range {message.Offset}+{message.Length} lies beyond the end of '{message.Path}' ({fileLength} bytes).");
            }

            return new FileRange(handle, message.Path, message.Offset, message.Length ?? fileLength - message.Offset);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void ValidateFields(Headers headers)
    {
        foreach (var header in headers)
        {
            Http1ResponseHeaderInfo.Validate(header.Name.Span, header.Value.Span);
        }
    }

    /// <summary>Whether the connection can stay open although the app has not read the whole request body: only when
    /// what is left is small enough to drain after the response.</summary>
    private bool CanKeepAliveWithUnreadBody() =>
        _state.Has(BodyComplete) || _bodyDecoder is not Http1ContentLengthDecoder lengthDecoder || lengthDecoder.Remaining <= MaxDrainBytes;

    private InvalidOperationException LengthMismatch(string problem)
    {
        var head = _parser.Head;
        ServerLog.ResponseAborted(_context.Logger, _id, head.Method, head.Path, problem);
        AbortResponse(problem);
        return new InvalidOperationException($"The response was aborted: {problem}.");
    }

    private ClientDisconnectedException OutputFailed(Exception? exception)
    {
        _state.Set(OutputBroken);
        return new ClientDisconnectedException("The client is gone: the response could not be sent.", exception);
    }

    private static bool IsOutputFailure(Exception exception) => exception is IOException or ObjectDisposedException;

    private readonly record struct FileRange(SafeFileHandle? Handle, string Path, long Offset, long Length);
}