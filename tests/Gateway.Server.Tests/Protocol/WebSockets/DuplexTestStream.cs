namespace Gateway.Server.Tests.Protocol.WebSockets;

/// <summary>A stream that reads from one buffer and writes to another, to put a BCL <c>WebSocket</c> on either end of
/// the code under test without sockets.</summary>
internal sealed class DuplexTestStream : Stream
{
    private readonly MemoryStream _input;

    public DuplexTestStream(byte[] input) => _input = new MemoryStream(input, writable: false);

    public MemoryStream Output { get; } = new();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _input.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(_input.Read(buffer.Span));

    public override void Write(byte[] buffer, int offset, int count) => Output.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => Output.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Output.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}