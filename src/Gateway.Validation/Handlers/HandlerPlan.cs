using Gateway.Validation.Binders;

namespace Gateway.Validation.Handlers;

/// <summary>Everything decided about a handler at registration: its binders, the body it reads, and the compiled
/// invoker that binds, validates, calls the handler and writes its result.</summary>
internal sealed class HandlerPlan
{
    public HandlerPlan(HandlerOptions options, BodyKind bodyKind, IReadOnlyList<ParameterBinder> binders, Type? responseType)
    {
        Options = options;
        BodyKind = bodyKind;
        Binders = binders;
        ResponseType = responseType;
    }

    public HandlerOptions Options { get; }

    public BodyKind BodyKind { get; }

    public IReadOnlyList<ParameterBinder> Binders { get; }

    public Type? ResponseType { get; }

    public Func<RequestContext, ValueTask> Invoke { get; set; } = null!;
}