namespace Gateway.Routing;

/// <summary>
/// Refuses requests whose <c>Host</c> is not allowed, with a 400 problem (WebSockets are refused likewise), as
/// Starlette's <c>TrustedHostMiddleware</c>: it stops host-header attacks on absolute URLs built from the request.
/// Patterns are exact names, <c>*.example.com</c> (any subdomain, not the apex) or <c>*</c>; the port is ignored.
/// </summary>
public sealed class TrustedHostMiddleware
{
    private readonly GatewayApp _next;
    private readonly string[] _exact;
    private readonly string[] _suffixes;
    private readonly bool _any;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The wrapped app.</param>
    /// <param name="allowedHosts">The allowed host patterns; at least one.</param>
    /// <exception cref="ArgumentException">A pattern has a wildcard anywhere but as the first label.</exception>
    public TrustedHostMiddleware(GatewayApp next, IReadOnlyList<string> allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(allowedHosts);
        if (allowedHosts.Count == 0)
        {
            throw new ArgumentException("At least one allowed host is needed.", nameof(allowedHosts));
        }

        _next = next;
        var exact = new List<string>();
        var suffixes = new List<string>();
        foreach (var pattern in allowedHosts)
        {
            if (pattern == "*")
            {
                _any = true;
            }
            else if (pattern.StartsWith("*.", StringComparison.Ordinal) && pattern.IndexOf('*', 1) < 0)
            {
                suffixes.Add(pattern[1..]);
            }
            else if (pattern.Contains('*', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The host pattern '{pattern}' may only use '*' as its first label ('*.example.com').", nameof(allowedHosts));
            }
            else
            {
                exact.Add(pattern);
            }
        }

        _exact = [.. exact];
        _suffixes = [.. suffixes];
    }

    /// <summary>The middleware as a <see cref="Middleware"/>.</summary>
    /// <param name="allowedHosts">The allowed host patterns.</param>
    /// <returns>The middleware.</returns>
    public static Middleware Create(params string[] allowedHosts)
    {
        ArgumentNullException.ThrowIfNull(allowedHosts);
        _ = new TrustedHostMiddleware((_, _, _) => ValueTask.CompletedTask, allowedHosts);
        return next => new TrustedHostMiddleware(next, allowedHosts).Invoke;
    }

    /// <summary>Passes allowed hosts through and refuses the rest.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="receive">The receive delegate.</param>
    /// <param name="send">The send delegate.</param>
    /// <returns>A task that completes with the response.</returns>
    public ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Type == ScopeType.Lifespan || _any || IsAllowed(scope.Headers.GetValue("host")))
        {
            return _next(scope, receive, send);
        }

        return new ProblemResponse(new ProblemDetails(400) { Detail = "Invalid host header." }).Invoke(scope, receive, send);
    }

    private bool IsAllowed(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        var colon = host.LastIndexOf(':');
        if (colon >= 0 && !host.EndsWith(']'))
        {
            host = host[..colon];
        }

        foreach (var name in _exact)
        {
            if (string.Equals(name, host, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var suffix in _suffixes)
        {
            if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}