namespace Gateway.Routing;

/// <summary>
/// Cross-Origin Resource Sharing, as Starlette's <c>CORSMiddleware</c>: a preflight (<c>OPTIONS</c> with
/// <c>Origin</c> and <c>Access-Control-Request-Method</c>) is answered here, with 200 and the allowed methods, headers
/// and max age, or 400 when something asked for is not allowed; other requests with an allowed <c>Origin</c> get
/// <c>Access-Control-Allow-Origin</c> (and credentials, exposed headers, <c>Vary: Origin</c>) added to their response.
/// </summary>
public sealed class CorsMiddleware
{
    private static readonly string[] SafelistedHeaders = ["accept", "accept-language", "content-language", "content-type"];

    private readonly GatewayApp _next;
    private readonly CorsOptions _options;
    private readonly HashSet<string> _origins;
    private readonly HashSet<string> _methods;
    private readonly HashSet<string> _headers;
    private readonly string _allowMethods;
    private readonly string _allowHeaders;
    private readonly string? _exposeHeaders;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The wrapped app.</param>
    /// <param name="options">What is allowed; validated here.</param>
    /// <exception cref="ArgumentException">The options are inconsistent (see <see cref="CorsOptions.Validate"/>).</exception>
    public CorsMiddleware(GatewayApp next, CorsOptions options)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _next = next;
        _options = options;
        _origins = new HashSet<string>(options.AllowedOrigins, StringComparer.OrdinalIgnoreCase);
        _methods = new HashSet<string>(options.AllowedMethods, StringComparer.OrdinalIgnoreCase);
        _headers = new HashSet<string>(SafelistedHeaders, StringComparer.OrdinalIgnoreCase);
        _headers.UnionWith(options.AllowedHeaders);
        _allowMethods = options.AnyMethod ? "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT" : string.Join(", ", options.AllowedMethods);
        _allowHeaders = string.Join(", ", _headers.Order(StringComparer.Ordinal));
        _exposeHeaders = options.ExposedHeaders.Count == 0 ? null : string.Join(", ", options.ExposedHeaders);
    }

    /// <summary>The middleware as a <see cref="Middleware"/>; the options are validated now.</summary>
    /// <param name="options">What is allowed.</param>
    /// <returns>The middleware.</returns>
    /// <exception cref="ArgumentException">The options are inconsistent.</exception>
    public static Middleware Create(CorsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return next => new CorsMiddleware(next, options).Invoke;
    }

    /// <summary>Answers preflights and decorates cross-origin responses.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="receive">The receive delegate.</param>
    /// <param name="send">The send delegate.</param>
    /// <returns>A task that completes with the response.</returns>
    public ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Type != ScopeType.Http || scope.Headers.GetValue("origin") is not { } origin)
        {
            return _next(scope, receive, send);
        }

        if (scope.Method == HttpMethods.Options && scope.Headers.GetValue("access-control-request-method") is { } requested)
        {
            return PreflightAsync(scope, origin, requested, receive, send);
        }

        if (!IsAllowedOrigin(origin))
        {
            return _next(scope, receive, send);
        }

        return _next(scope, receive, (message, cancellationToken) =>
        {
            if (message is HttpResponseStart start)
            {
                var headers = start.Headers.ToBuilder();
                AddOriginHeaders(headers, origin, scope.Headers.Contains("cookie"));
                if (_exposeHeaders is not null)
                {
                    headers.Set("access-control-expose-headers", _exposeHeaders);
                }

                message = new HttpResponseStart(start.Status, headers.Build(), start.Trailers);
            }

            return send(message, cancellationToken);
        });
    }

    private bool IsAllowedOrigin(string origin) => _options.AnyOrigin || _origins.Contains(origin);

    private void AddOriginHeaders(HeadersBuilder headers, string origin, bool hasCookie)
    {
        // Starlette answers "*" unless credentials or a cookie make the exact origin necessary.
        if (_options.AnyOrigin && !hasCookie)
        {
            headers.Set("access-control-allow-origin", "*");
        }
        else
        {
            headers.Set("access-control-allow-origin", origin);
            headers.Add("vary", "Origin");
        }

        if (_options.AllowCredentials)
        {
            headers.Set("access-control-allow-credentials", "true");
        }
    }

    private async ValueTask PreflightAsync(Scope scope, string origin, string requestedMethod, Receive receive, Send send)
    {
        var failures = new List<string>();
        if (!IsAllowedOrigin(origin))
        {
            failures.Add("origin");
        }

        if (!_options.AnyMethod && !_methods.Contains(requestedMethod.Trim()))
        {
            failures.Add("method");
        }

        var requestedHeaders = scope.Headers.GetValue("access-control-request-headers");
        if (requestedHeaders is not null && !_options.AnyHeader)
        {
            foreach (var header in requestedHeaders.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!_headers.Contains(header))
                {
                    failures.Add("headers");
                    break;
                }
            }
        }

        var headers = new HeadersBuilder(8);
        headers.Add("vary", "Origin");
        headers.Add("access-control-allow-methods", _allowMethods);
        headers.Add("access-control-max-age", _options.MaxAgeSeconds);
        headers.Add("access-control-allow-headers", _options.AnyHeader && requestedHeaders is not null ? requestedHeaders : _allowHeaders);
        if (failures.Count > 0)
        {
            var problem = new ProblemDetails(400) { Title = "Disallowed CORS request", Detail = $"Disallowed CORS {string.Join(", ", failures)}." };
            await new ProblemResponse(problem, [.. headers.Build()]).Invoke(scope, receive, send).ConfigureAwait(false);
            return;
        }

        // The preflight is the browser's question; the exact origin is echoed whenever credentials may follow.
        headers.Set("access-control-allow-origin", _options.AnyOrigin && !_options.AllowCredentials ? "*" : origin);
        if (_options.AllowCredentials)
        {
            headers.Set("access-control-allow-credentials", "true");
        }

        await new TextResponse("OK", 200, "text/plain; charset=utf-8", [.. headers.Build()]).Invoke(scope, receive, send).ConfigureAwait(false);
    }
}