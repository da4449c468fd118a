using System.Buffers;

using BenchmarkDotNet.Attributes;

using Gateway.Server.Protocol.Http1;

namespace Gateway.Benchmarks.Micro.Http1;

/// <summary>
/// Writes a typical response head (200, content-type, a known length, date, server) the way the connection will:
/// inspect the app's fields, decide the framing, write. Kestrel's equivalent is internal, so there is no baseline.
/// </summary>
[MemoryDiagnoser]
public class Http1ResponseWriterBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly Headers _plaintextHeaders = [new("content-type", "text/plain")];
    private readonly Headers _jsonHeaders =
    [
        new("content-type", "application/json; charset=utf-8"),
        new("cache-control", "no-store"),
        new("x-request-id", "7f3c9a1e-2b4d-4e6f-8a0c-1d2e3f4a5b6c"),
        new("vary", "accept-encoding"),
    ];

    [Benchmark(Baseline = true)]
    public int Plaintext() => Write(_plaintextHeaders, 13);

    [Benchmark]
    public int JsonWithFourHeaders() => Write(_jsonHeaders, 1234);

    private int Write(Headers headers, long bodyLength)
    {
        _output.ResetWrittenCount();
        var info = Http1ResponseHeaderInfo.Inspect(headers);
        var framing = Http1ResponseFraming.Decide(false, 200, Http1Version.Http11, info.ContentLength, bodyLength, false, false, requestKeepAlive: true);
        var writer = new Http1BufferWriter<ArrayBufferWriter<byte>>(_output);
        Http1ResponseWriter.WriteHead(ref writer, 200, headers, info, framing, Http1DateHeader.Shared, "Gateway"u8);
        writer.Commit();
        return _output.WrittenCount;
    }
}