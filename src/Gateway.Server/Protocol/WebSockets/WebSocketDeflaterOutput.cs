namespace Gateway.Server.Protocol.WebSockets;

/// <summary>The stream a compressing <see cref="System.IO.Compression.DeflateStream"/> writes to: it appends to a pooled
/// <see cref="WebSocketMessageBuffer"/>, or drops everything while <see cref="Discarding"/> (what a deflate stream writes
/// when disposed, a final block nobody will send).</summary>
internal sealed class WebSocketDeflaterOutput : Stream
{
    private readonly WebSocketMessageBuffer _buffer;

    public WebSocketDeflaterOutput(WebSocketMessageBuffer buffer) => _buffer = buffer;

    /// <summary>Whether writes are dropped.</summary>
    public bool Discarding { get; set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!Discarding)
        {
            buffer.CopyTo(_buffer.GetSpan(buffer.Length));
            _buffer.Advance(buffer.Length);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}