using System.Text.Json;

using Gateway.Validation.Handlers;
using Gateway.Validation.Text;

namespace Gateway.Validation.Json;

/// <summary>Types written as JSON strings (Guid, dates, times, URLs, enums, TryParse-able types), parsed with their
/// text parser. Enums also accept the number of a defined member.</summary>
internal sealed class TextModel<T> : JsonModel<T>, ITextModel
{
    private readonly TextParser<T> _parser;

    public TextModel(TextParser<T> parser) => _parser = parser;

    public override bool TryRead(ref Utf8JsonReader reader, RequestContext context, out T value)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (_parser.TryParse(text, out value))
            {
                return true;
            }

            context.AddError(_parser.ParseError, text);
            return false;
        }

        if (typeof(T).IsEnum && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number)
            && Enum.IsDefined(typeof(T), Convert.ChangeType(number, Enum.GetUnderlyingType(typeof(T)), System.Globalization.CultureInfo.InvariantCulture)))
        {
            value = (T)Enum.ToObject(typeof(T), number);
            return true;
        }

        context.AddError(_parser.TypeError, Input(ref reader));
        value = default!;
        return false;
    }
}
/// <summary>A model reading a value from a JSON string with a text parser (a simple type, for schemas).</summary>
internal interface ITextModel;