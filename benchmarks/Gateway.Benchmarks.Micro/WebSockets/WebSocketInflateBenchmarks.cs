using System.Buffers;
using System.IO.Compression;

using BenchmarkDotNet.Attributes;

using Gateway.Server.Protocol.WebSockets;

namespace Gateway.Benchmarks.Micro.WebSockets;

/// <summary>
/// Reading one compressed (permessage-deflate, context takeover) masked text frame: unmasking, inflating, UTF-8
/// validation. The text is words and numbers, which deflate to about a third (64 KiB to about 25 KB, four of the
/// reader's 8 KiB groups). Once with the default 16 MiB message limit and once with the limit equal to the message's size.
/// </summary>
[MemoryDiagnoser]
public class WebSocketInflateBenchmarks : IDisposable
{
    private ReadOnlySequence<byte> _frame;
    private WebSocketFrameReader _reader = null!;
    private WebSocketMessageBuffer _buffer = null!;

    [Params(1024, 65536)]
    public int PayloadSize { get; set; }

    [Params(false, true)]
    public bool AtLimit { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var payload = Words(PayloadSize);

        // Each message compressed on its own (a sync flush, the trailing 00 00 FF FF stripped) is also valid with context
        // takeover, so the same frame can be read again and again.
        // Taken before the compressor is disposed, which would append a final block.
        var sink = new MemoryStream();
        using var compressor = new DeflateStream(sink, CompressionLevel.Fastest, leaveOpen: true);
        compressor.Write(payload);
        compressor.Flush();
        var compressed = sink.ToArray()[..^4];
        var frame = BenchmarkFrames.Frame(1, compressed, masked: true);
        frame[0] |= 0x40; // RSV1: compressed
        _frame = new ReadOnlySequence<byte>(frame);
        var limit = AtLimit ? PayloadSize : WebSocketFrameReader.DefaultMaxMessageSize;
        _reader = new WebSocketFrameReader(limit, new PerMessageDeflateParameters(false, false, 0));
        _buffer = new WebSocketMessageBuffer(limit);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        GC.SuppressFinalize(this);
        _reader.Dispose();
        _buffer.Dispose();
    }

    private static byte[] Words(int size)
    {
        string[] vocabulary = ["event", "tick", "symbol", "price", "volume", "room", "user", "message", "sent", "read"];
        var random = new Random(42);
        var text = new System.Text.StringBuilder(size + 16);
        while (text.Length < size)
        {
            text.Append(vocabulary[random.Next(vocabulary.Length)]).Append(random.Next(1000)).Append(' ');
        }

        return System.Text.Encoding.ASCII.GetBytes(text.ToString(0, size));
    }

    [Benchmark]
    public int Gateway()
    {
        var input = new SequenceReader<byte>(_frame);
        var frameEvent = _reader.Read(ref input, _buffer);
        var length = _buffer.WrittenCount;
        _buffer.Reset();
        return (int)frameEvent + length;
    }
}
