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

    public override bool TryRead(ref Utf8JsonReader reader, RequestContext context, out T value)
    {
        // The serializer gets exactly the value's bytes, so the positions in its messages count from the value's start.
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var json = context.JsonText(start, (int)reader.BytesConsumed);
        try
        {
            value = JsonSerializer.Deserialize(json, _typeInfo)!;
            return true;
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            var input = new Utf8JsonReader(json);
            input.Read();
            context.AddError("value_error", $"Value error, {exception.Message}", Input(ref input), new Dictionary<string, object?> { ["error"] = exception.Message });
            value = default!;
            return false;
        }
    }
}