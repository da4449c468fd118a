using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gateway.Routing;

/// <summary>
/// The JSON conventions every response and request helper uses unless told otherwise, as ASP.NET Core's web defaults:
/// camelCase names, case-insensitive reading, numbers read from strings where a model allows it, enums as their names,
/// and readable output (<c>Jörg</c> and <c>+</c> are written as they are, since responses carry a JSON content type and
/// are never embedded in HTML by the framework).
/// </summary>
/// <remarks>
/// Metadata comes from reflection when the runtime allows it; in a trimmed or Native AOT app add a source-generated
/// context to a copy (<c>new JsonSerializerOptions(JsonDefaults.Options) { TypeInfoResolver = MyContext.Default }</c>)
/// and give it to <see cref="RouterOptions.JsonOptions"/>.
/// </remarks>
public static class JsonDefaults
{
    /// <summary>The shared, read-only default options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Makes options usable by the framework: fills in the default resolver when none is set and makes them
    /// read-only, as serializing does on first use.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The same options, read-only.</returns>
    public static JsonSerializerOptions Freeze(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsReadOnly)
        {
            options.TypeInfoResolver ??= DefaultResolver();
            options.MakeReadOnly();
        }

        return options;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reflection metadata is only created when the runtime enables reflection-based serialization (JsonSerializer.IsReflectionEnabledByDefault), which trimmed and AOT apps turn off.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above: guarded by JsonSerializer.IsReflectionEnabledByDefault.")]
    private static IJsonTypeInfoResolver DefaultResolver() =>
        JsonSerializer.IsReflectionEnabledByDefault ? new DefaultJsonTypeInfoResolver() : JsonTypeInfoResolver.Combine();

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The reflection-based enum converter is added only where dynamic code runs.")]
    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = DefaultResolver(),
        };
        if (System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
        {
            options.Converters.Add(new JsonStringEnumConverter());
        }

        options.MakeReadOnly();
        return options;
    }
}