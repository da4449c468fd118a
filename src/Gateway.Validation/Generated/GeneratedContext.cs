using System.ComponentModel;

using Gateway.Validation.Handlers;

namespace Gateway.Validation.Generated;

/// <summary>One request as generated handler code sees it: an opaque handle on the runtime's request context, passed to
/// <see cref="GeneratedParameter{T}.Bind"/> and <see cref="GeneratedResult{T}.WriteAsync"/>. For code emitted by
/// Gateway.Validation's source generator; not a stable API.</summary>
/// <remarks>Valid only during the call of the generated invoker it was passed to.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GeneratedContext
{
    internal GeneratedContext(RequestContext context) => Context = context;

    internal RequestContext Context { get; }

    /// <summary>Whether binding recorded errors: then the handler must not run and <see cref="WriteErrorsAsync"/>
    /// answers.</summary>
    public bool HasErrors => Context.HasErrors;

    /// <summary>Answers with the 422 problem listing every binding error (or refuses a WebSocket handshake), exactly as
    /// the reflection path does.</summary>
    /// <returns>A task that completes when the answer is sent.</returns>
    public ValueTask WriteErrorsAsync() => HandlerPlanBuilder.WriteErrors(Context);

    /// <summary>Completes the response of a handler that returns nothing: <c>204</c>, unless the handler answered
    /// itself.</summary>
    /// <returns>A task that completes when the response is sent.</returns>
    public ValueTask CompleteEmptyAsync() => ResultExecutors.CompleteEmpty(Context);
}