using System.Net;
using System.Text;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.AspNetCore;

/// <summary>Builds a Gateway <see cref="Scope"/> from an <see cref="HttpContext"/>: the decoded path below the root path
/// (the mapped prefix, after any <see cref="Microsoft.AspNetCore.Http.HttpRequest.PathBase"/>), the raw target's path and query bytes, headers as
/// raw Latin-1 bytes with lower-case names, the connection's endpoints, the request's services and abort token.</summary>
internal static class ScopeFactory
{
    public static Scope Create(HttpContext context, ScopeType type, string rootPath, string path, ScopeState state, ScopeExtensions extensions)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        ReadOnlyMemory<byte> rawPath;
        ReadOnlyMemory<byte> query;
        if (!string.IsNullOrEmpty(rawTarget) && rawTarget[0] == '/')
        {
            var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
            rawPath = Encoding.Latin1.GetBytes(question < 0 ? rawTarget : rawTarget[..question]);
            query = question < 0 ? ReadOnlyMemory<byte>.Empty : Encoding.Latin1.GetBytes(rawTarget[(question + 1)..]);
        }
        else
        {
            // HTTP/2 and HTTP/3 carry :path; Kestrel still reports it as the raw target, but other servers may not.
            rawPath = Encoding.UTF8.GetBytes((request.PathBase + request.Path).ToUriComponent());
            query = request.QueryString.HasValue ? Encoding.Latin1.GetBytes(request.QueryString.Value![1..]) : ReadOnlyMemory<byte>.Empty;
        }

        var secure = request.IsHttps;
        return new Scope
        {
            Type = type,
            HttpVersion = Version(request.Protocol),
            Method = request.Method,
            Scheme = type == ScopeType.WebSocket ? (secure ? "wss" : "ws") : request.Scheme,
            Path = path.Length == 0 ? "/" : path,
            RawPath = rawPath,
            QueryString = query,
            RootPath = rootPath,
            Headers = CreateHeaders(request.Headers),
            Client = EndPoint(context.Connection.RemoteIpAddress, context.Connection.RemotePort),
            Server = EndPoint(context.Connection.LocalIpAddress, context.Connection.LocalPort),
            Subprotocols = type == ScopeType.WebSocket ? [.. context.WebSockets.WebSocketRequestedProtocols] : [],
            State = state,
            Extensions = extensions,
            Services = context.RequestServices,
            Aborted = context.RequestAborted,
        };
    }

    private static Headers CreateHeaders(IHeaderDictionary headers)
    {
        var builder = new HeadersBuilder(headers.Count + 1);
        foreach (var (name, values) in headers)
        {
            if (name.Length > 0 && name[0] == ':')
            {
                continue; // HTTP/2 pseudo-headers; :authority is also reported as host
            }

            var lower = Encoding.Latin1.GetBytes(name.ToLowerInvariant());
            foreach (var value in values)
            {
                builder.AddWithoutValidation(lower, Encoding.Latin1.GetBytes(value ?? string.Empty));
            }
        }

        return builder.Build();
    }

    private static Version Version(string protocol) => protocol switch
    {
        "HTTP/1.0" => HttpVersion.Version10,
        "HTTP/2" or "HTTP/2.0" => HttpVersion.Version20,
        "HTTP/3" or "HTTP/3.0" => HttpVersion.Version30,
        _ => HttpVersion.Version11,
    };

    private static IPEndPoint? EndPoint(IPAddress? address, int port) => address is null ? null : new IPEndPoint(address, port);
}