using System.Buffers;
using System.Net.WebSockets;
using System.Text;

using BenchmarkDotNet.Attributes;

using Gateway.Server.Protocol.WebSockets;

namespace Gateway.Benchmarks.Micro.WebSockets;

/// <summary>
/// Writing one server frame (unmasked) into a buffer writer, binary and text encoded from a string, beside the BCL's
/// ManagedWebSocket sending the same binary message into a MemoryStream.
/// </summary>
[MemoryDiagnoser]
public class WebSocketFrameWriterBenchmarks : IDisposable
{
    private WebSocketFrameWriter _writer = null!;
    private ArrayBufferWriter<byte> _output = null!;
    private byte[] _payload = null!;
    private string _text = null!;
    private MemoryStream _stream = null!;
    private WebSocket _managed = null!;

    [Params(16, 1024, 65536)]
    public int PayloadSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _writer = new WebSocketFrameWriter();
        _output = new ArrayBufferWriter<byte>(PayloadSize + 64);
        _payload = BenchmarkFrames.Payload(PayloadSize, text: false);
        _text = Encoding.ASCII.GetString(BenchmarkFrames.Payload(PayloadSize, text: true));
        _stream = new MemoryStream(PayloadSize + 64);
        _managed = WebSocket.CreateFromStream(_stream, isServer: true, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        GC.SuppressFinalize(this);
        _writer.Dispose();
        _managed.Dispose();
        _stream.Dispose();
    }

    [Benchmark]
    public int GatewayBinary()
    {
        _output.ResetWrittenCount();
        _writer.WriteBinary(_output, _payload);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int GatewayTextFromString()
    {
        _output.ResetWrittenCount();
        _writer.WriteText(_output, _text);
        return _output.WrittenCount;
    }

    // Completes synchronously (the stream is in memory), so the ValueTask allocates nothing.
    [Benchmark(Baseline = true)]
    public async ValueTask<long> ManagedWebSocketBinary()
    {
        _stream.Position = 0;
        await _managed.SendAsync(_payload.AsMemory(), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        return _stream.Position;
    }
}