using Gateway.Validation.Handlers;

namespace Gateway.Validation.Handlers;

/// <summary>Writes the response for a handler's return value of type <typeparamref name="TResult"/>: chosen once from
/// the declared return type.</summary>
internal abstract class ResultExecutor<TResult>
{
    public abstract ValueTask Execute(RequestContext context, TResult result);
}