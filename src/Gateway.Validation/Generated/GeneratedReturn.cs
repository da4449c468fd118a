using System.ComponentModel;
using System.Text.Json;

using Gateway.Routing;
using Gateway.Validation.Handlers;

namespace Gateway.Validation.Generated;

/// <summary>How a generated handler's return type <typeparamref name="T"/> becomes a response, chosen at compile time
/// (made by <see cref="GeneratedReturns"/>, passed to <see cref="GeneratedHandlerBuilder.Result{T}(GeneratedReturn{T})"/>).
/// The writer is created once the handler's JSON options are known. For generated code; not a stable API.</summary>
/// <typeparam name="T">The declared return type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedReturn<T>
{
    internal GeneratedReturn(Func<JsonSerializerOptions, (ResultExecutor<T> Executor, IReadOnlyList<ProducesResponse> Responses)> create) => Create = create;

    internal Func<JsonSerializerOptions, (ResultExecutor<T> Executor, IReadOnlyList<ProducesResponse> Responses)> Create { get; }
}

/// <summary>The return shapes generated code names, one per rule of the reflection path: tasks awaited, responses and
/// apps sent as they are, strings as text, asynchronous sequences and other values as JSON through the
/// <c>JsonTypeInfo</c> of the options' resolver (a source-generated context registered in the router's JSON options).
/// For generated code; not a stable API.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedReturns
{
    /// <summary><see cref="System.Threading.Tasks.Task"/>: <c>204</c> once it completes.</summary>
    /// <returns>The shape.</returns>
    public static GeneratedReturn<Task> Task() => new(_ => ResultExecutors.ForTask());

    /// <summary><see cref="System.Threading.Tasks.ValueTask"/>: <c>204</c> once it completes.</summary>
    /// <returns>The shape.</returns>
    public static GeneratedReturn<ValueTask> ValueTask() => new(_ => ResultExecutors.ForValueTask());

    /// <summary><see cref="Task{TResult}"/>: awaited, then written as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="inner">The shape of the result.</param>
    /// <returns>The shape.</returns>
    public static GeneratedReturn<Task<T>> TaskOf<T>(GeneratedReturn<T> inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new(options =>
        {
            var (executor, responses) = inner.Create(options);
            return (ResultExecutors.ForTaskOf(executor), responses);
        });
    }

    /// <summary><see cref="ValueTask{TResult}"/>: awaited, then written as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="inner">The shape of the result.</param>
    /// <returns>The shape.</returns>
    public static GeneratedReturn<ValueTask<T>> ValueTaskOf<T>(GeneratedReturn<T> inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new(options =>
        {
            var (executor, responses) = inner.Create(options);
            return (ResultExecutors.ForValueTaskOf(executor), responses);
        });
    }

    /// <summary>A <see cref="Response"/> type, sent as it is.</summary>
    /// <typeparam name="T">The response type.</typeparam>
    /// <returns>The shape.</returns>
    public static GeneratedReturn<T> Response<T>()
        where T : Response => new(_ => ResultExecutors.ForResponse<T>());

    /// <summary>A <see cref="GatewayApp"/>, run as the response.</summary>
    /// <returns>The shape.</returns>
    public static GeneratedReturn<GatewayApp> App() => new(_ => ResultExecutors.ForApp());

    /// <summary><see cref="string"/>: <c>text/plain</c>.</summary>
    /// <returns>The shape.</returns>
    public static GeneratedReturn<string> Text() => new(_ => ResultExecutors.ForText());

    /// <summary><see cref="IAsyncEnumerable{T}"/>: a JSON array streamed element by element.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <returns>The shape.</returns>
    public static GeneratedReturn<IAsyncEnumerable<T>> Stream<T>() => new(ResultExecutors.ForStream<T>);

    /// <summary>Any other value: JSON.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <returns>The shape.</returns>
    public static GeneratedReturn<T> Json<T>() => new(ResultExecutors.ForValue<T>);
}