using System.Text.Json;

using Gateway.Validation.Handlers;
using Gateway.Validation.Text;

namespace Gateway.Validation.Json;

/// <summary>Booleans: JSON true/false; in lax mode also the strings Pydantic accepts and the numbers 0 and 1.</summary>
internal sealed class BooleanModel : JsonModel<bool>
{
    public static readonly BooleanModel Instance = new();

    public override bool TryRead(ref Utf8JsonReader reader, RequestContext context, out bool value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                value = true;
                return true;
            case JsonTokenType.False:
                value = false;
                return true;
            case JsonTokenType.String when context.LaxJson:
                var text = reader.GetString()!;
                if (BooleanTextParser.Instance.TryParse(text, out value))
                {
                    return true;
                }

                context.AddError(ErrorKind.BoolParsing, text);
                return false;
            case JsonTokenType.Number when context.LaxJson && reader.TryGetInt32(out var number) && number is 0 or 1:
                value = number == 1;
                return true;
            default:
                value = false;
                context.AddError(context.LaxJson && reader.TokenType == JsonTokenType.Number ? ErrorKind.BoolParsing : ErrorKind.BoolType, Input(ref reader));
                return false;
        }
    }
}