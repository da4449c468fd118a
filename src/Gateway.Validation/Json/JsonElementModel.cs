using System.Text.Json;

using Gateway.Validation.Handlers;

namespace Gateway.Validation.Json;

/// <summary>Any JSON, kept as a <see cref="JsonElement"/> copied out of the request's bytes.</summary>
internal sealed class JsonElementModel : JsonModel<JsonElement>
{
    public static readonly JsonElementModel Instance = new();

    public override bool TryRead(ref Utf8JsonReader reader, RequestContext context, out JsonElement value)
    {
        value = JsonElement.ParseValue(ref reader);
        return true;
    }
}