using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Gateway.Validation.Handlers;

namespace Gateway.Validation.Json;

/// <summary>Types this package does not take apart (custom converters, polymorphic or unknown shapes): System.Text.Json
/// reads them, and its failure becomes one <c>value_error</c>.</summary>
internal sealed class SerializerModel<T> : JsonModel<T>
{
    private readonly JsonTypeInfo<T> _typeInfo;

    public SerializerModel(JsonSerializerOptions options) => _typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));

    public override bool TryRead(JsonElement element, RequestContext context, out T value)
    {
        try
        {
            value = element.Deserialize(_typeInfo)!;
            return true;
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            context.AddError("value_error", $"Value error, {exception.Message}", element.Clone(), new Dictionary<string, object?> { ["error"] = exception.Message });
            value = default!;
            return false;
        }
    }
}