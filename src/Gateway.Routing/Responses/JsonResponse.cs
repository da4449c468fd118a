using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gateway.Routing;

/// <summary>
/// A JSON body: the value is serialized by System.Text.Json straight into the response's <c>PipeWriter</c> (through a
/// <c>Utf8JsonWriter</c>), flushing as the serializer fills its buffer, so a large value never sits whole in memory.
/// Use the <see cref="JsonTypeInfo{T}"/> constructor with a source-generated context for trimming and AOT.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class JsonResponse<T> : Response
{
    /// <summary>The content type of JSON bodies.</summary>
    public const string JsonContentType = "application/json";

    private readonly T _value;
    private readonly JsonTypeInfo<T> _typeInfo;

    /// <summary>Creates a 200 response from source-generated (or resolved) metadata.</summary>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">The metadata, such as <c>MyContext.Default.User</c>.</param>
    public JsonResponse(T value, JsonTypeInfo<T> typeInfo)
        : this(value, typeInfo, 200, null)
    {
    }

    /// <summary>Creates the response from source-generated (or resolved) metadata.</summary>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">The metadata, such as <c>MyContext.Default.User</c>.</param>
    /// <param name="status">The status.</param>
    /// <param name="headers">Extra headers, or null.</param>
    public JsonResponse(T value, JsonTypeInfo<T> typeInfo, int status, IReadOnlyList<Header>? headers)
        : base(status, headers)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        _value = value;
        _typeInfo = typeInfo;
    }

    /// <summary>Creates a 200 response with reflection-based serialization and <see cref="JsonSerializerOptions.Web"/>.</summary>
    /// <param name="value">The value.</param>
    [RequiresUnreferencedCode("Reflection-based JSON serialization; use the JsonTypeInfo<T> overload for trimming.")]
    [RequiresDynamicCode("Reflection-based JSON serialization; use the JsonTypeInfo<T> overload for AOT.")]
    public JsonResponse(T value)
        : this(value, JsonSerializerOptions.Web, 200, null)
    {
    }

    /// <summary>Creates the response with reflection-based serialization options.</summary>
    /// <param name="value">The value.</param>
    /// <param name="options">The options; <see cref="JsonSerializerOptions.Web"/> when null. Options are made read-only
    /// by their first use.</param>
    /// <param name="status">The status.</param>
    /// <param name="headers">Extra headers, or null.</param>
    [RequiresUnreferencedCode("Reflection-based JSON serialization; use the JsonTypeInfo<T> overload for trimming.")]
    [RequiresDynamicCode("Reflection-based JSON serialization; use the JsonTypeInfo<T> overload for AOT.")]
    public JsonResponse(T value, JsonSerializerOptions? options, int status, IReadOnlyList<Header>? headers)
        : this(value, GetTypeInfo(options), status, headers)
    {
    }

    /// <summary>The value.</summary>
    public T Value => _value;

    [RequiresUnreferencedCode("Reflection-based JSON serialization.")]
    [RequiresDynamicCode("Reflection-based JSON serialization.")]
    private static JsonTypeInfo<T> GetTypeInfo(JsonSerializerOptions? options)
    {
        options ??= JsonSerializerOptions.Web;
        options.TypeInfoResolver ??= new DefaultJsonTypeInfoResolver();
        options.MakeReadOnly();
        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }

    /// <inheritdoc />
    public override async ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(send);
        await send(new HttpResponseStart(Status, BuildHeaders(JsonContentType, null)), scope.Aborted).ConfigureAwait(false);
        var body = ResponseBodyWriter.Create(scope, send);
        try
        {
            await JsonSerializer.SerializeAsync(body, _value, _typeInfo, scope.Aborted).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await body.CompleteAsync(exception).ConfigureAwait(false);
            throw;
        }

        await body.CompleteAsync().ConfigureAwait(false);
    }
}