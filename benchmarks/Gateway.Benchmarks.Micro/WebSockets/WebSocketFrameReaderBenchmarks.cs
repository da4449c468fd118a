using System.Buffers;
using System.Net.WebSockets;

using BenchmarkDotNet.Attributes;

using Gateway.Server.Protocol.WebSockets;

namespace Gateway.Benchmarks.Micro.WebSockets;

/// <summary>
/// Parsing one complete frame (header, unmasking, UTF-8 validation for text, copying into the message buffer) from memory,
/// beside the BCL's ManagedWebSocket (what Kestrel runs) receiving the same frame from a MemoryStream.
/// </summary>
[MemoryDiagnoser]
public class WebSocketFrameReaderBenchmarks : IDisposable
{
    private ReadOnlySequence<byte> _frame;
    private WebSocketFrameReader _reader = null!;
    private WebSocketMessageBuffer _buffer = null!;
    private MemoryStream _stream = null!;
    private WebSocket _managed = null!;
    private byte[] _receiveBuffer = null!;

    [Params(16, 1024, 65536)]
    public int PayloadSize { get; set; }

    [Params(FrameKind.MaskedBinary, FrameKind.MaskedText, FrameKind.UnmaskedBinary)]
    public FrameKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = Kind == FrameKind.MaskedText;
        var masked = Kind != FrameKind.UnmaskedBinary;
        var frame = BenchmarkFrames.Frame(text ? (byte)1 : (byte)2, BenchmarkFrames.Payload(PayloadSize, text), masked);
        _frame = new ReadOnlySequence<byte>(frame);
        _reader = new WebSocketFrameReader(isServer: masked);
        _buffer = new WebSocketMessageBuffer();
        _stream = new MemoryStream(frame); // CreateFromStream wants a writable stream; nothing is written while receiving data frames
        _managed = WebSocket.CreateFromStream(_stream, isServer: masked, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
        _receiveBuffer = new byte[PayloadSize];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        GC.SuppressFinalize(this);
        _reader.Dispose();
        _buffer.Dispose();
        _managed.Dispose();
        _stream.Dispose();
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

    // Completes synchronously (the stream is in memory), so the ValueTask allocates nothing.
    [Benchmark(Baseline = true)]
    public async ValueTask<int> ManagedWebSocket()
    {
        _stream.Position = 0;
        var received = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _managed.ReceiveAsync(_receiveBuffer.AsMemory(received), CancellationToken.None);
            received += result.Count;
        }
        while (!result.EndOfMessage);

        return received;
    }
}