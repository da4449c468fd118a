namespace Gateway.Routing;

/// <summary>Declares, as route metadata, what a route may answer, for documentation generators such as OpenAPI. A
/// declared success replaces the one inferred from the handler's return type; problems add to it.</summary>
public static class RouteDocumentation
{
    /// <summary>Declares a JSON response of type <typeparamref name="T"/>: <c>.Produces&lt;Item&gt;(201)</c>.</summary>
    /// <typeparam name="T">The body's type.</typeparam>
    /// <param name="route">The route.</param>
    /// <param name="status">The status, such as 200 or 201.</param>
    /// <returns>The route.</returns>
    public static RouteBuilder Produces<T>(this RouteBuilder route, int status)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.WithMetadata(new ProducesResponse(status, typeof(T), JsonResponse.JsonContentType));
    }

    /// <summary>Declares a response without a modelled body (<c>204</c>, a redirect, a file).</summary>
    /// <param name="route">The route.</param>
    /// <param name="status">The status.</param>
    /// <param name="contentType">The body's media type, or null for no body.</param>
    /// <returns>The route.</returns>
    public static RouteBuilder Produces(this RouteBuilder route, int status, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.WithMetadata(new ProducesResponse(status, null, contentType));
    }

    /// <summary>Declares an <c>application/problem+json</c> response: <c>.ProducesProblem(404)</c>.</summary>
    /// <param name="route">The route.</param>
    /// <param name="status">The status, 400 to 599.</param>
    /// <param name="description">What it means, or null for the reason phrase.</param>
    /// <returns>The route.</returns>
    public static RouteBuilder ProducesProblem(this RouteBuilder route, int status, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        return route.WithMetadata(new ProducesResponse(status, typeof(ProblemDetails), ProblemDetails.ContentType, description));
    }
}