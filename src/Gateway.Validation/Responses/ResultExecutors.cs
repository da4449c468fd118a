using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Gateway.Validation.Handlers;

namespace Gateway.Validation.Responses;

/// <summary>Chooses the <see cref="ResultExecutor{TResult}"/> for a return type.</summary>
internal static class ResultExecutors
{
    /// <summary>Returns the executor for <paramref name="returnType"/> (not <see cref="void"/>) and the type a successful
    /// response's JSON has, for OpenAPI (<see langword="null"/> when there is no JSON body or it is unknown).</summary>
    public static (object Executor, Type? ResponseType) Create(Type returnType, JsonSerializerOptions options)
    {
        if (returnType == typeof(Task))
        {
            return (new TaskExecutor(), null);
        }

        if (returnType == typeof(ValueTask))
        {
            return (new ValueTaskExecutor(), null);
        }

        if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            var inner = returnType.GetGenericArguments()[0];
            var (innerExecutor, responseType) = Create(inner, options);
            var wrapper = returnType.GetGenericTypeDefinition() == typeof(Task<>) ? typeof(TaskOfExecutor<>) : typeof(ValueTaskOfExecutor<>);
            return (Activator.CreateInstance(wrapper.MakeGenericType(inner), innerExecutor)!, responseType);
        }

        if (returnType == typeof(GatewayApp))
        {
            return (new AppExecutor(), null);
        }

        if (typeof(IHandlerResult).IsAssignableFrom(returnType))
        {
            var valueType = returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(JsonResult<>) ? returnType.GetGenericArguments()[0] : null;
            return (Activator.CreateInstance(typeof(HandlerResultExecutor<>).MakeGenericType(returnType))!, valueType);
        }

        var executor = Activator.CreateInstance(typeof(ValueExecutor<>).MakeGenericType(returnType), options.GetTypeInfo(returnType))!;
        return (executor, returnType == typeof(object) ? null : returnType);
    }

    /// <summary>The response of a handler that returns nothing: <c>200</c> with an empty body (nothing for WebSockets).</summary>
    public static async ValueTask CompleteEmpty(RequestContext context)
    {
        if (context.Scope.Type != ScopeType.Http)
        {
            // A WebSocket handler has finished the conversation itself.
            return;
        }

        await context.Send(new HttpResponseStart(200, EmptyHeaders)).ConfigureAwait(false);
        await context.Send(HttpResponseBody.Empty).ConfigureAwait(false);
    }

    private static readonly Headers EmptyHeaders = Headers.Create([new Header("content-length", "0")]);

    private sealed class TaskExecutor : ResultExecutor<Task>
    {
        public override async ValueTask Execute(RequestContext context, Task result)
        {
            await result.ConfigureAwait(false);
            await CompleteEmpty(context).ConfigureAwait(false);
        }
    }

    private sealed class ValueTaskExecutor : ResultExecutor<ValueTask>
    {
        public override async ValueTask Execute(RequestContext context, ValueTask result)
        {
            await result.ConfigureAwait(false);
            await CompleteEmpty(context).ConfigureAwait(false);
        }
    }

    private sealed class TaskOfExecutor<T>(ResultExecutor<T> inner) : ResultExecutor<Task<T>>
    {
        public override async ValueTask Execute(RequestContext context, Task<T> result) =>
            await inner.Execute(context, await result.ConfigureAwait(false)).ConfigureAwait(false);
    }

    private sealed class ValueTaskOfExecutor<T>(ResultExecutor<T> inner) : ResultExecutor<ValueTask<T>>
    {
        public override ValueTask Execute(RequestContext context, ValueTask<T> result) =>
            result.IsCompletedSuccessfully ? inner.Execute(context, result.Result) : Awaited(context, result);

        private async ValueTask Awaited(RequestContext context, ValueTask<T> result) =>
            await inner.Execute(context, await result.ConfigureAwait(false)).ConfigureAwait(false);
    }

    private sealed class AppExecutor : ResultExecutor<GatewayApp>
    {
        public override ValueTask Execute(RequestContext context, GatewayApp result) => result(context.Scope, context.Receive, context.Send);
    }

    private sealed class HandlerResultExecutor<T> : ResultExecutor<T>
        where T : IHandlerResult
    {
        public override ValueTask Execute(RequestContext context, T result) =>
            result is null ? CompleteEmpty(context) : result.ExecuteAsync(context.Scope, context.Send, context.JsonOptions);
    }

    private sealed class ValueExecutor<T>(JsonTypeInfo typeInfo) : ResultExecutor<T>
    {
        private static readonly bool MayBeResult = !typeof(T).IsValueType && !typeof(T).IsSealed;
        private readonly JsonTypeInfo<T> _typeInfo = (JsonTypeInfo<T>)typeInfo;

        public override ValueTask Execute(RequestContext context, T result)
        {
            if (MayBeResult)
            {
                if (result is IHandlerResult handlerResult)
                {
                    return handlerResult.ExecuteAsync(context.Scope, context.Send, context.JsonOptions);
                }

                if (result is GatewayApp app)
                {
                    return app(context.Scope, context.Receive, context.Send);
                }
            }

            return JsonResponses.WriteAsync(context.Scope, context.Send, 200, JsonResponses.JsonHeaders, result, _typeInfo);
        }
    }
}