using System.Text.Json;

using Gateway.Validation.Handlers;

namespace Gateway.Validation.Json;

/// <summary>Any JSON, kept as a <see cref="JsonElement"/> copied out of the request's document.</summary>
internal sealed class JsonElementModel : JsonModel<JsonElement>
{
    public static readonly JsonElementModel Instance = new();

    public override bool TryRead(JsonElement element, RequestContext context, out JsonElement value)
    {
        value = element.Clone();
        return true;
    }
}