using System.Globalization;
using System.Numerics;
using System.Text.Json;

using Gateway.Validation.Handlers;
using Gateway.Validation.Text;

namespace Gateway.Validation.Json;

/// <summary>Real numbers (double, float, decimal, Half): JSON numbers; in lax mode also numeric strings.</summary>
internal sealed class FloatModel<T> : JsonModel<T>
    where T : INumberBase<T>
{
    private readonly FloatTextParser<T> _parser = new();

    public override bool TryRead(ref Utf8JsonReader reader, RequestContext context, out T value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (typeof(T) == typeof(decimal) && reader.TryGetDecimal(out var exact))
                {
                    value = T.CreateChecked(exact);
                    return true;
                }

                if (reader.TryGetDouble(out var number))
                {
                    value = T.CreateSaturating(number);
                    return true;
                }

                value = T.Zero;
                context.AddError(ErrorKind.FloatParsing, Input(ref reader));
                return false;
            case JsonTokenType.String when context.LaxJson:
                var text = reader.GetString()!;
                if (_parser.TryParse(text, out value))
                {
                    return true;
                }

                context.AddError(ErrorKind.FloatParsing, text);
                return false;
            default:
                value = T.Zero;
                context.AddError(ErrorKind.FloatType, Input(ref reader));
                return false;
        }
    }

    internal static string Describe(T value) => value.ToString(null, CultureInfo.InvariantCulture);
}