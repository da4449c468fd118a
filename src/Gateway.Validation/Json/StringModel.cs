using System.Text.Json;

using Gateway.Validation.Handlers;
using Gateway.Validation.Text;

namespace Gateway.Validation.Json;

/// <summary>JSON strings (never numbers: Pydantic does not turn numbers into strings either).</summary>
internal sealed class StringModel : JsonModel<string>
{
    public static readonly StringModel Instance = new();

    public override bool TryRead(JsonElement element, RequestContext context, out string value)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString()!;
            return true;
        }

        context.AddError(ErrorKind.StringType, element.Clone());
        value = string.Empty;
        return false;
    }
}