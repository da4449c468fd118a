namespace Gateway.Routing;

/// <summary>
/// Route metadata declaring one response a route may send, as FastAPI's <c>responses=</c> and Minimal APIs'
/// <c>Produces</c>: read by documentation generators (OpenAPI). Add it with
/// <see cref="RouteDocumentation.Produces{T}(RouteBuilder, int)"/> and its siblings.
/// </summary>
/// <param name="Status">The status.</param>
/// <param name="Type">The body's type (serialized as JSON), or null for no body or an unmodelled one.</param>
/// <param name="ContentType">The body's media type, or null for no body.</param>
/// <param name="Description">What the response means, or null for the status's reason phrase.</param>
public sealed record ProducesResponse(int Status, Type? Type, string? ContentType, string? Description = null);