using System.Text.Json;

namespace Gateway.Routing;

/// <summary>How one handler's parameters are bound and its result written, where it differs from the router's defaults
/// (<see cref="RouterOptions"/>). Read once, when the handler is mapped.</summary>
public sealed class HandlerOptions
{
    /// <summary>The serializer options for the handler's JSON bodies, results and WebSocket messages; null (the default)
    /// for the router's <see cref="RouterOptions.JsonOptions"/>. Set a source-generated context as the
    /// <see cref="JsonSerializerOptions.TypeInfoResolver"/> to have it used. Mapping the handler makes the options
    /// read-only.</summary>
    public JsonSerializerOptions? JsonOptions { get; set; }

    /// <summary>How JSON body values are coerced; <see cref="JsonCoercion.Strict"/> by default. Text sources (path,
    /// query, headers, cookies, forms) are always lax.</summary>
    public JsonCoercion BodyCoercion { get; set; } = JsonCoercion.Strict;

    /// <summary>The largest request body read, in bytes; null (the default) for the router's
    /// <see cref="RouterOptions.MaxBodySize"/>. A larger one gets a 413 problem.</summary>
    public long? MaxBodySize { get; set; }

    /// <summary>The deepest nesting of JSON accepted and of models validated (32 by default).</summary>
    public int MaxDepth { get; set; } = 32;

    /// <summary>The application's services, to tell service parameters from body ones (through
    /// <c>IServiceProviderIsService</c>); null for the router's <see cref="RouterOptions.Services"/>. Without either,
    /// interfaces and abstract classes that are not collections are taken to be services.</summary>
    public IServiceProvider? Services { get; set; }

    internal void Validate()
    {
        if (MaxBodySize is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max, nameof(MaxBodySize));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDepth, nameof(MaxDepth));
    }
}