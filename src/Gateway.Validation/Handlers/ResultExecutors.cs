using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Gateway.Routing;

namespace Gateway.Validation.Handlers;

/// <summary>
/// Chooses how a handler's return value becomes a response, once per handler, from the declared return type:
/// <list type="table">
/// <item><term>a <see cref="Response"/> or any <see cref="GatewayApp"/></term><description>sent as it is (a
/// <see cref="JsonResponse"/> made without metadata is written with the handler's JSON options)</description></item>
/// <item><term><see cref="string"/></term><description><c>200 text/plain; charset=utf-8</c>, the text as it is</description></item>
/// <item><term><c>void</c>, <see cref="Task"/>, <see cref="ValueTask"/></term><description><c>204</c>, unless the handler
/// wrote the response itself through a <see cref="Send"/> parameter</description></item>
/// <item><term><see cref="IAsyncEnumerable{T}"/></term><description><c>200</c> and a JSON array streamed element by element
/// (flushed after each one, so a slow producer's items reach the client as they come)</description></item>
/// <item><term>any other <c>T</c></term><description><c>200</c> and JSON through <see cref="JsonTypeInfo{T}"/> of the
/// handler's options (a source-generated context is honoured); a value that turns out to be a
/// <see cref="Response"/> or app at run time is sent as one</description></item>
/// </list>
/// <c>Task&lt;T&gt;</c> and <c>ValueTask&lt;T&gt;</c> are awaited, then treated as <c>T</c>. A null response, app or
/// string is <c>204</c>.
/// </summary>
internal static class ResultExecutors
{
    private static readonly Headers JsonHeaders = Headers.Create([new Header("content-type", JsonResponse.JsonContentType)]);
    private static readonly Headers NoContentHeaders = Headers.Create([]);

    /// <summary>Returns the executor for <paramref name="returnType"/> (not <see cref="void"/>) and the responses the type
    /// says the handler sends (empty when it cannot know, as for a <see cref="Response"/>).</summary>
    [RequiresUnreferencedCode(HandlerPlanBuilder.ReflectionMessage)]
    [RequiresDynamicCode(HandlerPlanBuilder.ReflectionMessage)]
    public static (object Executor, IReadOnlyList<ProducesResponse> Responses) Create(Type returnType, JsonSerializerOptions options)
    {
        if (returnType == typeof(Task))
        {
            return (new TaskExecutor(), [NoContent]);
        }

        if (returnType == typeof(ValueTask))
        {
            return (new ValueTaskExecutor(), [NoContent]);
        }

        if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            var inner = returnType.GetGenericArguments()[0];
            var (innerExecutor, responses) = Create(inner, options);
            var wrapper = returnType.GetGenericTypeDefinition() == typeof(Task<>) ? typeof(TaskOfExecutor<>) : typeof(ValueTaskOfExecutor<>);
            return (Activator.CreateInstance(wrapper.MakeGenericType(inner), innerExecutor)!, responses);
        }

        if (typeof(Response).IsAssignableFrom(returnType))
        {
            return (Activator.CreateInstance(typeof(ResponseExecutor<>).MakeGenericType(returnType))!, DescribeResponseType(returnType));
        }

        if (returnType == typeof(GatewayApp))
        {
            return (new AppExecutor(), []);
        }

        if (returnType == typeof(string))
        {
            return (new TextExecutor(), [new ProducesResponse(200, null, "text/plain")]);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
        {
            var element = returnType.GetGenericArguments()[0];
            var executor = Activator.CreateInstance(typeof(StreamExecutor<>).MakeGenericType(element), options.GetTypeInfo(element))!;
            return (executor, [new ProducesResponse(200, element.MakeArrayType(), JsonResponse.JsonContentType)]);
        }

        var valueExecutor = Activator.CreateInstance(typeof(ValueExecutor<>).MakeGenericType(returnType), options.GetTypeInfo(returnType))!;
        return (valueExecutor, returnType == typeof(object) ? [] : [new ProducesResponse(200, returnType, JsonResponse.JsonContentType)]);
    }

    // Typed factories for generated code: the same executors and responses as Create, chosen at compile time.
    public static (ResultExecutor<Task>, IReadOnlyList<ProducesResponse>) ForTask() => (new TaskExecutor(), [NoContent]);

    public static (ResultExecutor<ValueTask>, IReadOnlyList<ProducesResponse>) ForValueTask() => (new ValueTaskExecutor(), [NoContent]);

    public static ResultExecutor<Task<T>> ForTaskOf<T>(ResultExecutor<T> inner) => new TaskOfExecutor<T>(inner);

    public static ResultExecutor<ValueTask<T>> ForValueTaskOf<T>(ResultExecutor<T> inner) => new ValueTaskOfExecutor<T>(inner);

    public static (ResultExecutor<T>, IReadOnlyList<ProducesResponse>) ForResponse<T>()
        where T : Response => (new ResponseExecutor<T>(), DescribeResponseType(typeof(T)));

    public static (ResultExecutor<GatewayApp>, IReadOnlyList<ProducesResponse>) ForApp() => (new AppExecutor(), []);

    public static (ResultExecutor<string>, IReadOnlyList<ProducesResponse>) ForText() => (new TextExecutor(), [new ProducesResponse(200, null, "text/plain")]);

    public static (ResultExecutor<IAsyncEnumerable<T>>, IReadOnlyList<ProducesResponse>) ForStream<T>(JsonSerializerOptions options) =>
        (new StreamExecutor<T>(options.GetTypeInfo(typeof(T))), [new ProducesResponse(200, typeof(T[]), JsonResponse.JsonContentType)]);

    public static (ResultExecutor<T>, IReadOnlyList<ProducesResponse>) ForValue<T>(JsonSerializerOptions options) =>
        (new ValueExecutor<T>(options.GetTypeInfo(typeof(T))), typeof(T) == typeof(object) ? [] : [new ProducesResponse(200, typeof(T), JsonResponse.JsonContentType)]);

    private static ProducesResponse NoContent { get; } = new(204, null, null);

    private static IReadOnlyList<ProducesResponse> DescribeResponseType(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(JsonResponse<>))
        {
            return [new ProducesResponse(200, type.GetGenericArguments()[0], JsonResponse.JsonContentType)];
        }

        if (type == typeof(TextResponse))
        {
            return [new ProducesResponse(200, null, "text/plain")];
        }

        if (type == typeof(FileResponse))
        {
            return [new ProducesResponse(200, null, "application/octet-stream")];
        }

        if (type == typeof(ServerSentEventsResponse))
        {
            return [new ProducesResponse(200, null, "text/event-stream")];
        }

        return [];
    }

    /// <summary>The response of a handler that returns nothing: <c>204</c> unless it answered itself (nothing for
    /// WebSockets, whose handler ended the conversation).</summary>
    public static ValueTask CompleteEmpty(RequestContext context) =>
        context.Scope.Type != ScopeType.Http || context.ResponseStarted ? ValueTask.CompletedTask : SendNoContent(context);

    private static async ValueTask SendNoContent(RequestContext context)
    {
        await context.Send(new HttpResponseStart(204, NoContentHeaders), context.Scope.Aborted).ConfigureAwait(false);
        await context.Send(HttpResponseBody.Empty, context.Scope.Aborted).ConfigureAwait(false);
    }

    private static ValueTask SendResponse(RequestContext context, Response? response) => response switch
    {
        null => CompleteEmpty(context),
        JsonResponse json => json.Invoke(context.Scope, context.Receive, context.Send, context.JsonOptions),
        _ => response.Invoke(context.Scope, context.Receive, context.Send),
    };

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

    private sealed class ResponseExecutor<T> : ResultExecutor<T>
        where T : Response
    {
        public override ValueTask Execute(RequestContext context, T result) => SendResponse(context, result);
    }

    private sealed class AppExecutor : ResultExecutor<GatewayApp>
    {
        public override ValueTask Execute(RequestContext context, GatewayApp result) =>
            result is null ? CompleteEmpty(context) : result(context.Scope, context.Receive, context.Send);
    }

    private sealed class TextExecutor : ResultExecutor<string>
    {
        public override ValueTask Execute(RequestContext context, string result) =>
            result is null ? CompleteEmpty(context) : SendText(context, result);

        private static async ValueTask SendText(RequestContext context, string text)
        {
            var body = Encoding.UTF8.GetBytes(text);
            var headers = new HeadersBuilder(2);
            headers.AddWithoutValidation("content-type"u8, "text/plain; charset=utf-8"u8);
            Span<byte> length = stackalloc byte[20];
            System.Buffers.Text.Utf8Formatter.TryFormat(body.Length, length, out var written);
            headers.AddWithoutValidation("content-length"u8, length[..written]);
            await context.Send(new HttpResponseStart(200, headers.Build()), context.Scope.Aborted).ConfigureAwait(false);
            await context.Send(new HttpResponseBody(body), context.Scope.Aborted).ConfigureAwait(false);
        }
    }

    private sealed class StreamExecutor<T>(JsonTypeInfo typeInfo) : ResultExecutor<IAsyncEnumerable<T>>
    {
        private readonly JsonTypeInfo<T> _typeInfo = (JsonTypeInfo<T>)typeInfo;

        public override async ValueTask Execute(RequestContext context, IAsyncEnumerable<T> result)
        {
            if (result is null)
            {
                await CompleteEmpty(context).ConfigureAwait(false);
                return;
            }

            await context.Send(new HttpResponseStart(200, JsonHeaders), context.Scope.Aborted).ConfigureAwait(false);
            var body = ResponseBodyWriter.Create(context.Scope, context.Send);
            try
            {
                using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = _typeInfo.Options.Encoder, SkipValidation = true });
                writer.WriteStartArray();
                await foreach (var item in result.WithCancellation(context.Scope.Aborted).ConfigureAwait(false))
                {
                    JsonSerializer.Serialize(writer, item, _typeInfo);
                    writer.Flush();
                    await body.FlushAsync(context.Scope.Aborted).ConfigureAwait(false);
                }

                writer.WriteEndArray();
                writer.Flush();
            }
            catch (Exception exception)
            {
                await body.CompleteAsync(exception).ConfigureAwait(false);
                throw;
            }

            await body.CompleteAsync().ConfigureAwait(false);
        }
    }

    private sealed class ValueExecutor<T>(JsonTypeInfo typeInfo) : ResultExecutor<T>
    {
        private static readonly bool MayBeResponse = !typeof(T).IsValueType && !typeof(T).IsSealed;
        private readonly JsonTypeInfo<T> _typeInfo = (JsonTypeInfo<T>)typeInfo;

        public override ValueTask Execute(RequestContext context, T result)
        {
            if (MayBeResponse)
            {
                if (result is Response response)
                {
                    return SendResponse(context, response);
                }

                if (result is GatewayApp app)
                {
                    return app(context.Scope, context.Receive, context.Send);
                }
            }

            return JsonWriting.WriteAsync(context.Scope, context.Send, 200, JsonHeaders, result, _typeInfo);
        }
    }
}