using BenchmarkDotNet.Attributes;

using Gateway.Server.Protocol.WebSockets;

namespace Gateway.Benchmarks.Micro.WebSockets;

/// <summary>Unmasking a payload into another buffer: the byte-at-a-time definition against the vectorized version
/// (Vector512/256/128 with the rotated key, then 8-byte, 4-byte and single-byte steps).</summary>
[MemoryDiagnoser]
public class WebSocketMaskBenchmarks
{
    private byte[] _source = null!;
    private byte[] _destination = null!;

    [Params(16, 1024, 65536)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _source = BenchmarkFrames.Payload(Size, text: false);
        _destination = new byte[Size];
    }

    [Benchmark(Baseline = true)]
    public int Scalar() => WebSocketMask.ApplyScalar(_source, _destination, 0x3D21FA37, 1);

    [Benchmark]
    public int Vectorized() => WebSocketMask.Apply(_source, _destination, 0x3D21FA37, 1);
}