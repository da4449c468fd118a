namespace Gateway.Routing;

/// <summary>
/// Gives each HTTP request an id: the incoming <c>x-request-id</c> when it is trusted and well-formed (1 to 128
/// visible ASCII characters), otherwise a new one. The id is stored in <see cref="Scope.State"/> under
/// <see cref="StateKey"/> and echoed in the response's <c>x-request-id</c>.
/// </summary>
public sealed class RequestIdMiddleware
{
    /// <summary>The <see cref="Scope.State"/> key holding the id (a <see cref="string"/>).</summary>
    public const string StateKey = "gateway.request_id";

    private const string HeaderName = "x-request-id";

    private readonly GatewayApp _next;
    private readonly bool _trustIncoming;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The wrapped app.</param>
    /// <param name="trustIncoming">Whether a client's (or proxy's) <c>x-request-id</c> is reused. Default true.</param>
    public RequestIdMiddleware(GatewayApp next, bool trustIncoming = true)
    {
        ArgumentNullException.ThrowIfNull(next);
        _next = next;
        _trustIncoming = trustIncoming;
    }

    /// <summary>The middleware as a <see cref="Middleware"/>.</summary>
    /// <param name="trustIncoming">Whether an incoming id is reused.</param>
    /// <returns>The middleware.</returns>
    public static Middleware Create(bool trustIncoming = true) => next => new RequestIdMiddleware(next, trustIncoming).Invoke;

    /// <summary>Assigns the id and echoes it.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="receive">The receive delegate.</param>
    /// <param name="send">The send delegate.</param>
    /// <returns>A task that completes with the response.</returns>
    public ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Type != ScopeType.Http)
        {
            return _next(scope, receive, send);
        }

        var incoming = _trustIncoming ? scope.Headers.GetValue(HeaderName) : null;
        var id = incoming is { Length: > 0 and <= 128 } && IsVisibleAscii(incoming) ? incoming : Guid.NewGuid().ToString("N");
        scope.State[StateKey] = id;
        return _next(scope, receive, (message, cancellationToken) =>
        {
            if (message is HttpResponseStart start)
            {
                message = new HttpResponseStart(start.Status, start.Headers.ToBuilder().Set(HeaderName, id).Build(), start.Trailers);
            }

            return send(message, cancellationToken);
        });
    }

    private static bool IsVisibleAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}