namespace Gateway.Routing;

/// <summary>How well a route fits a scope, as Starlette's <c>Match</c>.</summary>
public enum RouteMatch
{
    /// <summary>The route does not apply.</summary>
    None,

    /// <summary>The path fits but the method does not: unless another route fits fully, the answer is <c>405</c>.</summary>
    Partial,

    /// <summary>The route handles the scope.</summary>
    Full,
}