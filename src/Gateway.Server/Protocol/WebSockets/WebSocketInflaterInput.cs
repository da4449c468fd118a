namespace Gateway.Server.Protocol.WebSockets;

/// <summary>
/// The stream a <see cref="System.IO.Compression.DeflateStream"/> decompresses from: it hands over the payload piece the
/// frame reader has just received, unmasking it on the way (straight into the deflate stream's own input buffer, so the
/// payload is copied once), and reports end of input when the piece is used up.
/// </summary>
/// <remarks>
/// Reporting 0 bytes is not the end for good: <see cref="System.IO.Compression.DeflateStream.Read(Span{byte})"/> then
/// returns 0 without changing state, and resumes when the next piece is set (the behavior the reader relies on to inflate
/// a message as it arrives; covered by tests).
/// </remarks>
internal sealed class WebSocketInflaterInput : Stream
{
    private ReadOnlyMemory<byte> _source;
    private uint _mask;
    private int _maskOffset;
    private bool _masked;

    /// <summary>Bytes of the current piece not yet taken by the deflate stream.</summary>
    public int Remaining => _source.Length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Sets the next piece of input.</summary>
    /// <param name="source">The bytes, as received.</param>
    /// <param name="masked">Whether they are masked with <paramref name="mask"/>.</param>
    /// <param name="mask">The frame's masking key.</param>
    /// <param name="maskOffset">The key byte that applies to <c>source[0]</c>.</param>
    public void SetInput(ReadOnlyMemory<byte> source, bool masked, uint mask, int maskOffset)
    {
        _source = source;
        _masked = masked;
        _mask = mask;
        _maskOffset = maskOffset;
    }

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _source.Length);
        var source = _source.Span[..count];
        if (_masked)
        {
            _maskOffset = WebSocketMask.Apply(source, buffer, _mask, _maskOffset);
        }
        else
        {
            source.CopyTo(buffer);
        }

        _source = _source[count..];
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}