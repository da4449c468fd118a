using System.Text.Json;

using Gateway.Validation.Handlers;
using Gateway.Validation.Text;

namespace Gateway.Validation.Json;

/// <summary>JSON strings (never numbers: Pydantic does not turn numbers into strings either).</summary>
internal sealed class StringModel : JsonModel<string>
{
    public static readonly StringModel Instance = new();

    public override bool TryRead(ref Utf8JsonReader reader, RequestContext context, out string value)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            value = reader.GetString()!;
            return true;
        }

        context.AddError(ErrorKind.StringType, Input(ref reader));
        value = string.Empty;
        return false;
    }
}