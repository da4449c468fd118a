using System.Text;

namespace Gateway.Routing;

/// <summary>
/// Redirects plain <c>http</c> requests to <c>https</c> (307, keeping method and body) at the same host, path and
/// query, dropping a default port, as Starlette's <c>HTTPSRedirectMiddleware</c>. A <c>ws</c> WebSocket is refused with
/// the same redirect as a denial response when the server offers one, otherwise closed.
/// </summary>
public sealed class HttpsRedirectMiddleware
{
    private readonly GatewayApp _next;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The wrapped app.</param>
    public HttpsRedirectMiddleware(GatewayApp next)
    {
        ArgumentNullException.ThrowIfNull(next);
        _next = next;
    }

    /// <summary>The middleware as a <see cref="Middleware"/>.</summary>
    /// <returns>The middleware.</returns>
    public static Middleware Create() => next => new HttpsRedirectMiddleware(next).Invoke;

    /// <summary>Redirects insecure requests, passes secure ones.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="receive">The receive delegate.</param>
    /// <param name="send">The send delegate.</param>
    /// <returns>A task that completes with the response.</returns>
    public async ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(send);
        if (scope.Type == ScopeType.Lifespan || scope.Scheme is "https" or "wss")
        {
            await _next(scope, receive, send).ConfigureAwait(false);
            return;
        }

        var location = SecureUrl(scope);
        if (scope.Type == ScopeType.WebSocket)
        {
            if (scope.Extensions.Has<IWebSocketDenialResponseCapability>())
            {
                await send(new WebSocketHttpResponseStart(307, [new Header("location", location), new Header("content-length", "0")]), scope.Aborted).ConfigureAwait(false);
                await send(new WebSocketHttpResponseBody(ReadOnlyMemory<byte>.Empty), scope.Aborted).ConfigureAwait(false);
            }
            else
            {
                await send(WebSocketClose.Normal, scope.Aborted).ConfigureAwait(false);
            }

            return;
        }

        await new RedirectResponse(location, 307).Invoke(scope, receive, send).ConfigureAwait(false);
    }

    private static string SecureUrl(Scope scope)
    {
        var host = scope.Headers.GetValue("host") ?? "localhost";
        if (host.EndsWith(":80", StringComparison.Ordinal))
        {
            host = host[..^3];
        }

        var text = new StringBuilder();
        text.Append(scope.Type == ScopeType.WebSocket ? "wss://" : "https://").Append(host);
        if (!scope.RawPath.IsEmpty)
        {
            text.Append(Encoding.Latin1.GetString(scope.RawPath.Span));
        }
        else
        {
            text.Append(Uri.EscapeDataString(scope.RootPath + scope.Path).Replace("%2F", "/", StringComparison.Ordinal));
        }

        if (!scope.QueryString.IsEmpty)
        {
            text.Append('?').Append(Encoding.Latin1.GetString(scope.QueryString.Span));
        }

        return text.ToString();
    }
}