using System.Text.Json;

using Gateway.Validation.Handlers;
using Gateway.Validation.Text;

namespace Gateway.Validation.Json;

/// <summary>Booleans: JSON true/false; in lax mode also the strings Pydantic accepts and the numbers 0 and 1.</summary>
internal sealed class BooleanModel : JsonModel<bool>
{
    public static readonly BooleanModel Instance = new();

    public override bool TryRead(JsonElement element, RequestContext context, out bool value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.True:
                value = true;
                return true;
            case JsonValueKind.False:
                value = false;
                return true;
            case JsonValueKind.String when context.LaxJson:
                if (BooleanTextParser.Instance.TryParse(element.GetString()!, out value))
                {
                    return true;
                }

                context.AddError(ErrorKind.BoolParsing, element.GetString());
                return false;
            case JsonValueKind.Number when context.LaxJson && element.TryGetInt32(out var number) && number is 0 or 1:
                value = number == 1;
                return true;
            default:
                value = false;
                context.AddError(context.LaxJson && element.ValueKind == JsonValueKind.Number ? ErrorKind.BoolParsing : ErrorKind.BoolType, element.Clone());
                return false;
        }
    }
}