using System.Text.Json;

using Gateway.Routing;
using Gateway.Validation.Binding;

namespace Gateway.Validation.Handlers;

/// <summary>What a handler needs per request, decided once at registration: its binders, the body it reads, the options
/// resolved against the router's, and the compiled invoker.</summary>
internal sealed class HandlerPlan
{
    public HandlerPlan(HandlerOptions options, Router? router, RouterOptions requestOptions, BodyKind bodyKind, IReadOnlyList<ParameterBinder> binders, IReadOnlyList<ProducesResponse> responses)
    {
        Options = options;
        Router = router;
        RequestOptions = requestOptions;
        JsonOptions = requestOptions.JsonOptions;
        BodyKind = bodyKind;
        Binders = binders;
        Responses = responses;
    }

    public HandlerOptions Options { get; }

    /// <summary>The router the handler is mapped on (for <c>Request.UrlFor</c>), or null.</summary>
    public Router? Router { get; }

    /// <summary>The limits and JSON options the handler's <see cref="Request"/> reads with: the router's, with the
    /// handler's own in their place.</summary>
    public RouterOptions RequestOptions { get; }

    /// <summary>The resolved, read-only JSON options.</summary>
    public JsonSerializerOptions JsonOptions { get; }

    public BodyKind BodyKind { get; }

    public IReadOnlyList<ParameterBinder> Binders { get; }

    /// <summary>What the handler's return type says it answers (for OpenAPI).</summary>
    public IReadOnlyList<ProducesResponse> Responses { get; }

    public Func<RequestContext, ValueTask> Invoke { get; set; } = null!;

    /// <summary>Whether the plan was described by the source generator (no reflection over the handler, no compiled
    /// expressions) rather than built by reflection.</summary>
    public bool IsGenerated { get; init; }
}