namespace Gateway;

/// <summary>
/// Composes an app and a list of middleware into one app, as Starlette's middleware stack does: the first middleware in
/// the list is the outermost, so it sees each request first and each response last.
/// </summary>
public static class MiddlewareStack
{
    /// <summary>Wraps <paramref name="app"/> in <paramref name="middleware"/>, the first one outermost.</summary>
    /// <param name="app">The innermost app (a router, an endpoint).</param>
    /// <param name="middleware">The middleware, outermost first. Each is invoked once, here.</param>
    /// <returns>The composed app; <paramref name="app"/> itself when the list is empty.</returns>
    public static GatewayApp Build(GatewayApp app, params ReadOnlySpan<Middleware> middleware)
    {
        ArgumentNullException.ThrowIfNull(app);
        var composed = app;
        for (var i = middleware.Length - 1; i >= 0; i--)
        {
            var wrap = middleware[i] ?? throw new ArgumentException($"Middleware at index {i} is null.", nameof(middleware));
            composed = wrap(composed) ?? throw new InvalidOperationException($"Middleware at index {i} returned a null app.");
        }

        return composed;
    }

    /// <summary>Wraps <paramref name="app"/> in <paramref name="middleware"/>, the first one outermost.</summary>
    /// <param name="app">The innermost app.</param>
    /// <param name="middleware">The middleware, outermost first.</param>
    /// <returns>The composed app.</returns>
    public static GatewayApp WithMiddleware(this GatewayApp app, params ReadOnlySpan<Middleware> middleware) =>
        Build(app, middleware);
}