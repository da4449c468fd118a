using Gateway.ServerKit;

namespace Gateway.Server.Connection.Http1;

/// <summary>
/// The capabilities an HTTP/1.x request is offered, as extension objects shared by every request (one object implements
/// all the markers that apply, so a lookup is one type test). Trailers need HTTP/1.1 chunked framing and a client that
/// sent <c>TE: trailers</c>; early hints need HTTP/1.1 (an HTTP/1.0 client cannot parse a 1xx response).
/// </summary>
internal static class Http1Capabilities
{
    public static ScopeExtensions WithTrailers { get; } = ScopeExtensions.Create(new Http11WithTrailers());

    public static ScopeExtensions Http11 { get; } = ScopeExtensions.Create(new Http11Only());

    public static ScopeExtensions Http10 { get; } = ScopeExtensions.Create(new Http10Only());

    public static (ScopeExtensions Extensions, HttpSendCapabilities Send) For(bool http11, bool acceptsTrailers) => (http11, acceptsTrailers) switch
    {
        (true, true) => (WithTrailers, HttpSendCapabilities.Trailers | HttpSendCapabilities.EarlyHints | HttpSendCapabilities.ResponseFile),
        (true, false) => (Http11, HttpSendCapabilities.EarlyHints | HttpSendCapabilities.ResponseFile),
        _ => (Http10, HttpSendCapabilities.ResponseFile),
    };

    private sealed class Http11WithTrailers : IHttpResponseTrailersCapability, IHttpEarlyHintsCapability, IHttpResponseFileCapability;

    private sealed class Http11Only : IHttpEarlyHintsCapability, IHttpResponseFileCapability;

    private sealed class Http10Only : IHttpResponseFileCapability;
}