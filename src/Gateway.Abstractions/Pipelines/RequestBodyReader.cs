using System.Buffers;
using System.IO.Pipelines;

namespace Gateway;

/// <summary>
/// A <see cref="PipeReader"/> over an HTTP scope's <see cref="Receive"/>: reads the request body as a pipe, so parsers
/// and serializers (<c>JsonSerializer.DeserializeAsync(PipeReader)</c>, stream copies) can consume it directly.
/// </summary>
/// <remarks>
/// <para>Zero-copy while the consumer consumes what it is given: each read hands out the server's chunk. When the
/// consumer leaves bytes unconsumed and asks for more, they are copied into a pooled buffer before the next
/// <see cref="Receive"/> (which invalidates the chunk), and later chunks are appended; that buffer is bounded by the
/// server's request body limit.</para>
/// <para>A client that leaves mid-body makes <see cref="ReadAsync"/> throw <see cref="ClientDisconnectedException"/>.
/// Not thread-safe, like any <see cref="PipeReader"/>. Prefer <see cref="Create"/>, which uses a server's native pipe
/// when one is offered.</para>
/// </remarks>
public sealed class RequestBodyReader : PipeReader
{
    private readonly Receive _receive;

    // The unconsumed data is either a slice of the last chunk (_chunk, server memory) or of _buffer (our copy).
    private ReadOnlyMemory<byte> _chunk;
    private byte[]? _buffer;
    private int _bufferStart;
    private int _bufferEnd;
    private bool _buffered;

    private ReadOnlySequence<byte> _lastRead;
    private bool _examinedEverything = true;
    private bool _bodyComplete;
    private bool _completed;
    private CancellationTokenSource? _pendingRead;

    /// <summary>Creates a reader over <paramref name="receive"/>.</summary>
    /// <param name="receive">The HTTP scope's receive delegate; the reader owns it until the body is complete.</param>
    public RequestBodyReader(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _receive = receive;
    }

    /// <summary>
    /// Gets a reader for the request body: the server's native pipe when the scope offers one for this very
    /// <paramref name="receive"/> (see <see cref="INativeBodyPipes"/>), otherwise a <see cref="RequestBodyReader"/>.
    /// </summary>
    /// <param name="scope">The HTTP scope.</param>
    /// <param name="receive">The receive delegate the app was given.</param>
    /// <returns>The reader.</returns>
    public static PipeReader Create(Scope scope, Receive receive)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Extensions.TryGet<INativeBodyPipes>(out var pipes) && pipes.TryGetRequestBodyReader(receive, out var reader))
        {
            return reader;
        }

        return new RequestBodyReader(receive);
    }

    private ReadOnlyMemory<byte> Unconsumed => _buffered ? _buffer.AsMemory(_bufferStart, _bufferEnd - _bufferStart) : _chunk;

    /// <inheritdoc />
    public override bool TryRead(out ReadResult result)
    {
        ThrowIfCompleted();
        if (!_examinedEverything || _bodyComplete)
        {
            result = CreateResult(isCanceled: false);
            return true;
        }

        result = default;
        return false;
    }

    /// <inheritdoc />
    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfCompleted();
        if (!_examinedEverything || _bodyComplete)
        {
            return CreateResult(isCanceled: false);
        }

        // The next receive invalidates the current chunk: keep what the consumer has not consumed yet.
        if (!_buffered && !_chunk.IsEmpty)
        {
            BufferChunk();
        }

        _pendingRead ??= new CancellationTokenSource();
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _pendingRead.Token)
            : null;
        var token = linked?.Token ?? _pendingRead.Token;
        try
        {
            while (true)
            {
                var message = await _receive(token).ConfigureAwait(false);
                switch (message)
                {
                    case HttpRequest request:
                        _bodyComplete = !request.MoreBody;
                        if (_buffered)
                        {
                            AppendToBuffer(request.Body.Span);
                        }
                        else
                        {
                            _chunk = request.Body;
                        }

                        if (request.Body.IsEmpty && request.MoreBody)
                        {
                            continue;
                        }

                        _examinedEverything = false;
                        return CreateResult(isCanceled: false);
                    case HttpDisconnect:
                        throw new ClientDisconnectedException("The client disconnected before sending the whole request body.");
                    default:
                        throw new InvalidOperationException($"Expected 'http.request' while reading the body but received '{message.Name}'.");
                }
            }
        }
        catch (OperationCanceledException) when (_pendingRead.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _pendingRead.Dispose();
            _pendingRead = null;
            return CreateResult(isCanceled: true);
        }
    }

    /// <inheritdoc />
    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    /// <inheritdoc />
    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        ThrowIfCompleted();
        var consumedBytes = (int)_lastRead.Slice(0, consumed).Length;
        var examinedBytes = (int)_lastRead.Slice(0, examined).Length;
        if (examinedBytes < consumedBytes)
        {
            throw new InvalidOperationException("The examined position cannot be before the consumed position.");
        }

        if (_buffered)
        {
            _bufferStart += consumedBytes;
            if (_bufferStart == _bufferEnd)
            {
                _bufferStart = _bufferEnd = 0;
                _buffered = false;
                _chunk = ReadOnlyMemory<byte>.Empty;
            }
        }
        else
        {
            _chunk = _chunk[consumedBytes..];
        }

        _examinedEverything = examinedBytes == _lastRead.Length;
        _lastRead = default;
    }

    /// <inheritdoc />
    public override void CancelPendingRead() => _pendingRead?.Cancel();

    /// <inheritdoc />
    public override void Complete(Exception? exception = null)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        _chunk = ReadOnlyMemory<byte>.Empty;
        _pendingRead?.Dispose();
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    private ReadResult CreateResult(bool isCanceled)
    {
        _lastRead = new ReadOnlySequence<byte>(Unconsumed);
        return new ReadResult(_lastRead, isCanceled, isCompleted: _bodyComplete && !isCanceled);
    }

    private void BufferChunk()
    {
        _buffered = true;
        _bufferStart = _bufferEnd = 0;
        AppendToBuffer(_chunk.Span);
        _chunk = ReadOnlyMemory<byte>.Empty;
    }

    private void AppendToBuffer(ReadOnlySpan<byte> bytes)
    {
        var needed = _bufferEnd - _bufferStart + bytes.Length;
        if (_buffer is null || _buffer.Length - _bufferEnd < bytes.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(4096, (_buffer?.Length ?? 0) * 2)));
            if (_buffer is not null)
            {
                _buffer.AsSpan(_bufferStart, _bufferEnd - _bufferStart).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _bufferEnd -= _bufferStart;
            _bufferStart = 0;
            _buffer = grown;
        }

        bytes.CopyTo(_buffer.AsSpan(_bufferEnd));
        _bufferEnd += bytes.Length;
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The reader has been completed.");
        }
    }
}