using Gateway.Server.Protocol.Http1;

namespace Gateway.Benchmarks.Micro.Http1;

/// <summary>Receives header fields and keeps nothing, to compare our parser with Kestrel's under a no-op handler.</summary>
internal struct NoOpHeaderSink : IHttp1HeaderSink
{
    public int Count;

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => Count++;
}