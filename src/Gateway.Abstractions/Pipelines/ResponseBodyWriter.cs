using System.Buffers;
using System.IO.Pipelines;

namespace Gateway;

/// <summary>
/// A <see cref="PipeWriter"/> over an HTTP scope's <see cref="Send"/>: writes the response body as a pipe, so serializers
/// (<c>Utf8JsonWriter</c>, <c>JsonSerializer.SerializeAsync(PipeWriter)</c>) write straight into it. The app sends
/// <see cref="HttpResponseStart"/> first; each flush sends the buffered bytes as an <see cref="HttpResponseBody"/> with
/// more to come, and <see cref="CompleteAsync"/> sends the rest as the final chunk.
/// </summary>
/// <remarks>
/// <para>A body written and then completed without an intermediate flush goes out as one final message, which lets the
/// server frame it with <c>content-length</c>. Bytes are buffered in pooled memory until flushed: flush (or let the
/// serializer flush) to bound memory for large bodies.</para>
/// <para>Not thread-safe, like any <see cref="PipeWriter"/>. Prefer <see cref="Create"/>, which uses a server's native
/// pipe when one is offered. Complete it with <see cref="CompleteAsync"/>: the synchronous <see cref="Complete"/> must
/// block on the final send.</para>
/// </remarks>
public sealed class ResponseBodyWriter : PipeWriter
{
    private const int MinimumBufferSize = 4096;

    private readonly Send _send;
    private byte[] _buffer = [];
    private int _written;
    private bool _completed;
    private CancellationTokenSource? _pendingFlush;

    /// <summary>Creates a writer over <paramref name="send"/>.</summary>
    /// <param name="send">The HTTP scope's send delegate, after <see cref="HttpResponseStart"/> was sent.</param>
    public ResponseBodyWriter(Send send)
    {
        ArgumentNullException.ThrowIfNull(send);
        _send = send;
    }

    /// <summary>
    /// Gets a writer for the response body: the server's native pipe when the scope offers one for this very
    /// <paramref name="send"/> (see <see cref="INativeBodyPipes"/>), otherwise a <see cref="ResponseBodyWriter"/>.
    /// Call it after sending <see cref="HttpResponseStart"/>.
    /// </summary>
    /// <param name="scope">The HTTP scope.</param>
    /// <param name="send">The send delegate the app was given.</param>
    /// <returns>The writer; completing it completes the response.</returns>
    public static PipeWriter Create(Scope scope, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Extensions.TryGet<INativeBodyPipes>(out var pipes) && pipes.TryGetResponseBodyWriter(send, out var writer))
        {
            return writer;
        }

        return new ResponseBodyWriter(send);
    }

    /// <inheritdoc />
    public override bool CanGetUnflushedBytes => true;

    /// <inheritdoc />
    public override long UnflushedBytes => _written;

    /// <inheritdoc />
    public override void Advance(int bytes)
    {
        ThrowIfCompleted();
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes > _buffer.Length - _written)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), "Cannot advance past the end of the memory last returned.");
        }

        _written += bytes;
    }

    /// <inheritdoc />
    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        ThrowIfCompleted();
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc />
    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        ThrowIfCompleted();
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <inheritdoc />
    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfCompleted();
        if (_written == 0)
        {
            return default;
        }

        _pendingFlush ??= new CancellationTokenSource();
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _pendingFlush.Token)
            : null;
        try
        {
            await _send(new HttpResponseBody(_buffer.AsMemory(0, _written), moreBody: true), linked?.Token ?? _pendingFlush.Token)
                .ConfigureAwait(false);
            _written = 0;
            return default;
        }
        catch (OperationCanceledException) when (_pendingFlush.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _pendingFlush.Dispose();
            _pendingFlush = null;
            return new FlushResult(isCanceled: true, isCompleted: false);
        }
    }

    /// <inheritdoc />
    public override void CancelPendingFlush() => _pendingFlush?.Cancel();

    /// <summary>
    /// Sends what is buffered as the final body chunk, completing the response. With an exception, nothing more is sent:
    /// the app is expected to throw, and the server then aborts the incomplete response.
    /// </summary>
    /// <param name="exception">Why writing stopped, or <see langword="null"/> when the body is complete.</param>
    /// <returns>A task that completes when the final chunk was taken by the server.</returns>
    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        try
        {
            if (exception is null)
            {
                var body = _written == 0 ? HttpResponseBody.Empty : new HttpResponseBody(_buffer.AsMemory(0, _written), moreBody: false);
                await _send(body).ConfigureAwait(false);
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Completes the writer synchronously, blocking on the final send; prefer <see cref="CompleteAsync"/>.</summary>
    /// <param name="exception">Why writing stopped, or <see langword="null"/> when the body is complete.</param>
    public override void Complete(Exception? exception = null) => CompleteAsync(exception).AsTask().GetAwaiter().GetResult();

    private void Reserve(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_written + needed, Math.Max(MinimumBufferSize, _buffer.Length * 2)));
        _buffer.AsSpan(0, _written).CopyTo(grown);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = grown;
    }

    private void Release()
    {
        _pendingFlush?.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
        _written = 0;
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The writer has been completed.");
        }
    }
}