using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.AspNetCore;

/// <summary>The capabilities a request offers the app, found from ASP.NET Core's features: trailers where the protocol
/// has them (HTTP/2, HTTP/3), send-file always (<see cref="IHttpResponseBodyFeature.SendFileAsync"/>), TLS details on
/// TLS connections. Early hints are not offered: ASP.NET Core has no feature for 103 responses.</summary>
internal static class AspNetCoreCapabilities
{
    public static ServerKit.HttpSendCapabilities For(HttpContext context) =>
        ServerKit.HttpSendCapabilities.ResponseFile | (context.Response.SupportsTrailers() ? ServerKit.HttpSendCapabilities.Trailers : 0);

    public static ScopeExtensions Extensions(HttpContext context, ServerKit.HttpSendCapabilities capabilities)
    {
        var extensions = ScopeExtensions.Empty.With(ResponseFileCapability.Instance);
        if ((capabilities & ServerKit.HttpSendCapabilities.Trailers) != 0)
        {
            extensions = extensions.With(TrailersCapability.Instance);
        }

        if (context.Features.Get<ITlsHandshakeFeature>() is { } handshake)
        {
            extensions = extensions.With(new TlsInfo(context, handshake));
        }

        return extensions;
    }

    internal sealed class TrailersCapability : IHttpResponseTrailersCapability
    {
        public static TrailersCapability Instance { get; } = new();
    }

    internal sealed class ResponseFileCapability : IHttpResponseFileCapability
    {
        public static ResponseFileCapability Instance { get; } = new();
    }

    internal sealed class WebSocketDenialCapability : IWebSocketDenialResponseCapability
    {
        public static WebSocketDenialCapability Instance { get; } = new();
    }
}