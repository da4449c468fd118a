using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;

namespace Gateway.Testing;

/// <summary>
/// The response body as the test reads it: the bytes the app sent, from a bounded pipe, so the app's
/// <see cref="Send"/> waits while the test does not read. The end is reported once the app has returned; if the app
/// failed or left the response incomplete, the end throws instead (see <see cref="HttpExchange.Outcome"/>).
/// </summary>
/// <remarks>Not thread-safe, like any stream. Cancelling a read or disposing before the end is the client leaving, as
/// with a socket: the app's <see cref="Scope.Aborted"/> fires.</remarks>
internal sealed class ResponseBodyStream : Stream
{
    private readonly HttpExchange _exchange;
    private readonly PipeReader _reader;
    private bool _ended;
    private bool _disposed;

    public ResponseBodyStream(HttpExchange exchange, PipeReader reader)
    {
        _exchange = exchange;
        _reader = reader;
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ended)
        {
            return 0;
        }

        while (true)
        {
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // As with SocketsHttpHandler, a cancelled body read tears the connection down.
                _exchange.Abort();
                throw;
            }

            var data = result.Buffer;
            if (!data.IsEmpty)
            {
                var count = (int)Math.Min(data.Length, buffer.Length);
                var end = data.GetPosition(count);
                data.Slice(0, end).CopyTo(buffer.Span);
                _reader.AdvanceTo(end);
                return count;
            }

            _reader.AdvanceTo(data.End);
            if (result.IsCompleted)
            {
                if (await _exchange.Outcome.WaitAsync(cancellationToken).ConfigureAwait(false) is { } failure)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }

                _ended = true;
                return 0;
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Synchronous reads (HttpClient.Send) block on the app, which runs on the thread pool.
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = ReadAsync(rented.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _reader.Complete();
            _exchange.OnResponseDisposed();
        }

        base.Dispose(disposing);
    }
}