using Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http;

namespace Gateway.Benchmarks.Micro.Http1;

/// <summary>Kestrel's parser callbacks doing nothing, as Kestrel's own HttpParser benchmark does.</summary>
internal struct KestrelNoOpHandler : IHttpRequestLineHandler, IHttpHeadersHandler
{
    public readonly void OnStartLine(HttpVersionAndMethod versionAndMethod, TargetOffsetPathLength targetPath, Span<byte> startLine)
    {
    }

    public readonly void OnStaticIndexedHeader(int index)
    {
    }

    public readonly void OnStaticIndexedHeader(int index, ReadOnlySpan<byte> value)
    {
    }

    public readonly void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
    }

    public readonly void OnHeadersComplete(bool endStream)
    {
    }
}