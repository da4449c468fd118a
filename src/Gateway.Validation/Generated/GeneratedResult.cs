using System.ComponentModel;

using Gateway.Validation.Handlers;

namespace Gateway.Validation.Generated;

/// <summary>Writes a generated handler's return value of type <typeparamref name="T"/> with the executor the reflection
/// path would have chosen for it (responses as they are, strings as text, values as JSON through the handler's
/// <c>JsonTypeInfo</c>). Declared with <see cref="GeneratedHandlerBuilder.Result{T}"/>. For code emitted by
/// Gateway.Validation's source generator; not a stable API.</summary>
/// <typeparam name="T">The handler's declared return type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedResult<T>
{
    private readonly ResultExecutor<T> _executor;

    internal GeneratedResult(ResultExecutor<T> executor) => _executor = executor;

    /// <summary>Sends <paramref name="result"/> as the response.</summary>
    /// <param name="context">The request.</param>
    /// <param name="result">What the handler returned.</param>
    /// <returns>A task that completes when the response is sent.</returns>
    public ValueTask WriteAsync(GeneratedContext context, T result) => _executor.Execute(context.Context, result);
}