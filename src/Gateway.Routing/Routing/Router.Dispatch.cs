using System.Text;

namespace Gateway.Routing;

public sealed partial class Router
{
    [ThreadStatic]
    private static KeyValuePair<string, object>[]? t_scratch;

    /// <summary>Handles a scope: lifespan goes to <see cref="RouterOptions.Lifespan"/> (or is acknowledged), HTTP and
    /// WebSocket scopes go to the matching route.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="receive">The receive delegate.</param>
    /// <param name="send">The send delegate.</param>
    /// <returns>A task that completes when the route's app is done.</returns>
    public ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Type == ScopeType.Lifespan)
        {
            return Options.Lifespan is { } lifespan ? lifespan(scope, receive, send) : AcknowledgeLifespanAsync(receive, send);
        }

        return GetBuilt().App(scope, receive, send);
    }

    /// <summary>Finds the route for a scope without running it: the tree walk the router does per request.</summary>
    /// <param name="scope">An HTTP or WebSocket scope.</param>
    /// <param name="child">The scope the route's app would see.</param>
    /// <returns>The route, or null when none matches fully.</returns>
    public RouteBase? Find(Scope scope, out Scope child)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var built = GetBuilt();
        if (MatchHost(built, scope, out child) is { } host)
        {
            return host;
        }

        Span<Range> captures = stackalloc Range[RouteTemplate.MaxParameters];
        var match = built.Tree.Match(scope, scope.Path, captures);
        if (match.Route is null)
        {
            return null;
        }

        child = match.Child ?? WithParameters(scope, match.Route, captures[..match.CaptureCount]);
        return match.Route;
    }

    private static RouteBase? MatchHost(BuiltRouter built, Scope scope, out Scope child)
    {
        foreach (var host in built.Hosts)
        {
            if (host.Match(scope, out child) == RouteMatch.Full)
            {
                return host;
            }
        }

        child = scope;
        return null;
    }

    private static Scope WithParameters(Scope scope, RouteBase route, ReadOnlySpan<Range> captures)
    {
        if (captures.IsEmpty)
        {
            return scope;
        }

        var parameters = route.Template.Parameters;

        // PathParameters.Create copies its input, so the values are gathered in a per-thread scratch array.
        var values = (t_scratch ??= new KeyValuePair<string, object>[RouteTemplate.MaxParameters]).AsSpan(0, captures.Length);
        try
        {
            for (var i = 0; i < captures.Length; i++)
            {
                var parameter = parameters[i];
                if (!parameter.Convertor.TryConvert(scope.Path.AsSpan(captures[i]), out var value))
                {
                    throw new InvalidOperationException($"The convertor '{parameter.ConvertorName}' accepted a segment in IsMatch but refused it in TryConvert.");
                }

                values[i] = new(parameter.Name, value);
            }

            return scope with { PathParameters = scope.PathParameters.Concat(PathParameters.Create(values)) };
        }
        finally
        {
            values.Clear();
        }
    }

    private static async ValueTask AcknowledgeLifespanAsync(Receive receive, Send send)
    {
        while (true)
        {
            switch (await receive().ConfigureAwait(false))
            {
                case LifespanStartup:
                    await send(LifespanStartupComplete.Instance).ConfigureAwait(false);
                    break;
                case LifespanShutdown:
                    await send(LifespanShutdownComplete.Instance).ConfigureAwait(false);
                    return;
                default:
                    return;
            }
        }
    }

    private ValueTask Dispatch(Scope scope, Receive receive, Send send)
    {
        if (scope.Type is not (ScopeType.Http or ScopeType.WebSocket))
        {
            return ValueTask.CompletedTask;
        }

        var built = GetBuilt();
        if (built.Hosts.Length > 0 && MatchHost(built, scope, out var hostScope) is { } host)
        {
            return host.App(hostScope, receive, send);
        }

        Span<Range> captures = stackalloc Range[RouteTemplate.MaxParameters];
        var match = built.Tree.Match(scope, scope.Path, captures);
        if (match.Route is { } route)
        {
            var child = match.Child ?? WithParameters(scope, route, captures[..match.CaptureCount]);
            return route.App(child, receive, send);
        }

        return NoMatchAsync(built, scope, match.PartialNode, receive, send);
    }

    private async ValueTask NoMatchAsync(BuiltRouter built, Scope scope, RouteNode? partial, Receive receive, Send send)
    {
        if (scope.Type == ScopeType.WebSocket)
        {
            await RefuseWebSocketAsync(scope, send).ConfigureAwait(false);
            return;
        }

        if (partial is not null)
        {
            var allow = AllowedMethods(partial);
            var problem = new ProblemDetails(405) { Detail = $"The method {scope.Method} is not allowed here; use {allow}." };
            await new ProblemResponse(problem, [new Header("allow", allow)]).Invoke(scope, receive, send).ConfigureAwait(false);
            return;
        }

        if (Options.RedirectSlashes && scope.Path.Length > 1)
        {
            var alternative = scope.Path.EndsWith('/') ? scope.Path[..^1] : scope.Path + "/";
            var variant = scope with { Path = alternative };
            Span<Range> captures = stackalloc Range[RouteTemplate.MaxParameters];
            var match = built.Tree.Match(variant, alternative, captures);
            if (match.Route is not null)
            {
                await new RedirectResponse(RedirectTarget(scope, alternative), Options.RedirectStatus).Invoke(scope, receive, send).ConfigureAwait(false);
                return;
            }
        }

        await new ProblemResponse(new ProblemDetails(404)).Invoke(scope, receive, send).ConfigureAwait(false);
    }

    private static string AllowedMethods(RouteNode node)
    {
        var methods = new List<string>();
        foreach (var candidate in node.Endpoints)
        {
            foreach (var method in candidate.AllowedMethods)
            {
                if (!methods.Contains(method))
                {
                    methods.Add(method);
                }
            }
        }

        return string.Join(", ", methods);
    }

    private static string RedirectTarget(Scope scope, string alternative)
    {
        var text = new StringBuilder();
        if (!scope.RawPath.IsEmpty)
        {
            var raw = Encoding.Latin1.GetString(scope.RawPath.Span);
            text.Append(alternative.EndsWith('/') ? raw + "/" : (raw.EndsWith('/') ? raw[..^1] : raw));
        }
        else
        {
            foreach (var piece in (scope.RootPath + alternative).Split('/'))
            {
                text.Append(Uri.EscapeDataString(piece)).Append('/');
            }

            text.Length--;
        }

        // "//evil.example/" would be a protocol-relative URL: an open redirect to another host. Keep one slash.
        var leading = 0;
        while (leading < text.Length && text[leading] is '/' or '\\')
        {
            leading++;
        }

        if (leading > 1)
        {
            text.Remove(0, leading - 1);
            text[0] = '/';
        }

        if (!scope.QueryString.IsEmpty)
        {
            text.Append('?').Append(Encoding.Latin1.GetString(scope.QueryString.Span));
        }

        return text.ToString();
    }

    private static async ValueTask RefuseWebSocketAsync(Scope scope, Send send)
    {
        if (scope.Extensions.Has<IWebSocketDenialResponseCapability>())
        {
            var body = ProblemDetails.Serialize(new ProblemDetails(404));
            await send(new WebSocketHttpResponseStart(404, [new Header("content-type", ProblemDetails.ContentType), new Header("content-length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))])).ConfigureAwait(false);
            await send(new WebSocketHttpResponseBody(body)).ConfigureAwait(false);
            return;
        }

        await send(WebSocketClose.Normal).ConfigureAwait(false);
    }
}