using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gateway.Routing;

/// <summary>
/// A JSON body: the value is serialized by System.Text.Json straight into the response's <c>PipeWriter</c> through a
/// reused <c>Utf8JsonWriter</c>. Made with a <see cref="JsonTypeInfo{T}"/> (a source-generated context) it needs no
/// reflection; made without one, it takes its metadata when sent: from the options of the route that returned it, or
/// <see cref="JsonDefaults.Options"/> when invoked on its own.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class JsonResponse<T> : JsonResponse
{
    private static readonly Gateway.Headers PlainHeaders = Gateway.Headers.Create([new Header("content-type", JsonContentType)]);
    private readonly JsonTypeInfo<T>? _typeInfo;
    private readonly JsonSerializerOptions? _options;

    /// <summary>Creates a 200 response; its metadata is taken from the sender's options.</summary>
    /// <param name="value">The value.</param>
    public JsonResponse(T value)
        : this(value, 200, null)
    {
    }

    /// <summary>Creates the response; its metadata is taken from the sender's options.</summary>
    /// <param name="value">The value.</param>
    /// <param name="status">The status.</param>
    /// <param name="headers">Extra headers, or null.</param>
    public JsonResponse(T value, int status, IReadOnlyList<Header>? headers)
        : base(status, headers) => Value = value;

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
        Value = value;
        _typeInfo = typeInfo;
    }

    /// <summary>Creates the response serialized with <paramref name="options"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="options">The options; made read-only when sent.</param>
    /// <param name="status">The status.</param>
    /// <param name="headers">Extra headers, or null.</param>
    public JsonResponse(T value, JsonSerializerOptions options, int status, IReadOnlyList<Header>? headers)
        : base(status, headers)
    {
        ArgumentNullException.ThrowIfNull(options);
        Value = value;
        _options = options;
    }

    /// <summary>The value.</summary>
    public T Value { get; }

    /// <inheritdoc />
    public override Type ValueType => typeof(T);

    /// <inheritdoc />
    public override ValueTask Invoke(Scope scope, Receive receive, Send send) => Invoke(scope, receive, send, JsonDefaults.Options);

    /// <inheritdoc />
    public override ValueTask Invoke(Scope scope, Receive receive, Send send, JsonSerializerOptions defaultOptions)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(defaultOptions);
        var typeInfo = _typeInfo ?? JsonWriting.TypeInfo<T>(_options ?? defaultOptions);
        var headers = Headers.Count == 0 ? PlainHeaders : BuildHeaders(JsonContentType, null);
        return JsonWriting.WriteAsync(scope, send, Status, headers, Value, typeInfo);
    }
}