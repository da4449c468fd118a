using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Validation;

/// <summary>How a handler's parameters are bound and its result written. Read once, when the handler is registered.</summary>
public sealed class HandlerOptions
{
    /// <summary>The serializer options for request and response bodies. The default uses web conventions (camelCase
    /// names, case-insensitive matching) and writes enums as strings. Set a <see cref="JsonSerializerOptions.TypeInfoResolver"/>
    /// (a source-generated context) to have responses serialized by it. Registering a handler makes the options
    /// read-only (filling in the reflection resolver when none is set).</summary>
    public JsonSerializerOptions JsonOptions { get; set; } = DefaultJsonOptions;

    /// <summary>How JSON body values are coerced; <see cref="JsonCoercion.Strict"/> by default. Text sources (path,
    /// query, headers, cookies, forms) are always lax.</summary>
    public JsonCoercion BodyCoercion { get; set; } = JsonCoercion.Strict;

    /// <summary>The largest request body read, in bytes (1 MiB by default); a larger one gets a 413 response.</summary>
    public long MaxBodySize { get; set; } = 1024 * 1024;

    /// <summary>The deepest nesting of JSON accepted and of models validated (32 by default).</summary>
    public int MaxDepth { get; set; } = 32;

    /// <summary>The application's services, when known at registration: used to decide which parameters are services
    /// (through <c>IServiceProviderIsService</c>). Without it, interfaces and abstract classes that are not collections
    /// are taken to be services.</summary>
    public IServiceProvider? Services { get; set; }

    /// <summary>The declared response model, for the OpenAPI document, when the handler's return type does not say it
    /// (a handler returning an <see cref="IHandlerResult"/> or an app).</summary>
    public Type? ResponseType { get; set; }

    /// <summary>Web defaults shared by handlers that set no options of their own.</summary>
    internal static JsonSerializerOptions DefaultJsonOptions { get; } = CreateDefaultJsonOptions();

    private static JsonSerializerOptions CreateDefaultJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(JsonOptions, nameof(JsonOptions));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBodySize, nameof(MaxBodySize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDepth, nameof(MaxDepth));

        // Metadata is resolved at registration: options without a resolver get the reflection one, then are frozen.
        if (!JsonOptions.IsReadOnly)
        {
            JsonOptions.MakeReadOnly(populateMissingResolver: true);
        }
    }
}