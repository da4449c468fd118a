using System.Buffers;

using BenchmarkDotNet.Attributes;

using Gateway.Server.Protocol.Http1;

using Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http;

namespace Gateway.Benchmarks.Micro.Http1;

/// <summary>
/// Parses one request head from a single segment, ours beside Kestrel's <c>HttpParser&lt;T&gt;</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>Kestrel_NoOpHandler</c>: Kestrel's request-line and header parsing with callbacks that do nothing (Kestrel's
/// own benchmark setup). It validates the line grammar; it does not decode the path, interpret fields, or store them.</item>
/// <item><c>Gateway_NoOpSink</c>: our parser with a sink that stores nothing. It still does everything else a request
/// needs: target validation and the decoded path (cached per connection), Host/Content-Length/Transfer-Encoding/
/// Connection/Expect/Upgrade/TE semantics and the framing and keep-alive decisions.</item>
/// <item><c>Gateway_HeadersBuilder</c>: the same plus every field copied (lower-cased) into a reused
/// <see cref="HeadersBuilder"/>, as the connection will run it.</item>
/// </list>
/// </remarks>
[MemoryDiagnoser]
public class Http1ParserBenchmarks
{
    private readonly HttpParser<KestrelNoOpHandler> _kestrel = new();
    private readonly Http1RequestParser _parser = new();
    private readonly HeadersBuilder _headers = new(16);
    private ReadOnlySequence<byte> _request;

    [Params("plaintext", "browser")]
    public string Request { get; set; } = "plaintext";

    [GlobalSetup]
    public void Setup()
    {
        _request = Http1BenchmarkRequests.Get(Request);
        // Fail fast if a parser does not accept the input, rather than measuring an exception.
        if (!Gateway_HeadersBuilder() || !Kestrel_NoOpHandler() || Gateway_NoOpSink() == 0)
        {
            throw new InvalidOperationException("A parser rejected the benchmark request.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool Kestrel_NoOpHandler()
    {
        var reader = new SequenceReader<byte>(_request);
        var handler = default(KestrelNoOpHandler);
        return _kestrel.ParseRequestLine(handler, ref reader) && _kestrel.ParseHeaders(handler, ref reader);
    }

    [Benchmark]
    public int Gateway_NoOpSink()
    {
        _parser.Reset();
        var reader = new SequenceReader<byte>(_request);
        var sink = default(NoOpHeaderSink);
        return _parser.TryParseHead(ref reader, ref sink) ? sink.Count : 0;
    }

    [Benchmark]
    public bool Gateway_HeadersBuilder()
    {
        _parser.Reset();
        _headers.Clear();
        var reader = new SequenceReader<byte>(_request);
        return _parser.TryParseHead(ref reader, _headers);
    }
}