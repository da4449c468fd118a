using System.Numerics;
using System.Text.Json;

using Gateway.Validation.Handlers;
using Gateway.Validation.Text;

namespace Gateway.Validation.Json;

/// <summary>Integers: JSON numbers without a fraction in range; in lax mode also numeric strings.</summary>
internal sealed class IntegerModel<T> : JsonModel<T>
    where T : IBinaryInteger<T>, IMinMaxValue<T>
{
    private readonly IntegerTextParser<T> _parser = new();

    public override bool TryRead(ref Utf8JsonReader reader, RequestContext context, out T value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if ((reader.TryGetInt64(out var number) && TryConvert(number, out value))
                    || (reader.TryGetUInt64(out var unsigned) && TryConvert(unsigned, out value)))
                {
                    return true;
                }

                value = T.Zero;
                if (!reader.TryGetDouble(out var real) || !double.IsFinite(real))
                {
                    context.AddError(ErrorKind.IntParsingSize, Input(ref reader));
                }
                else if (real != Math.Floor(real))
                {
                    context.AddError(ErrorKind.IntFromFloat, Input(ref reader));
                }
                else if (IsWholeLiteral(ref reader) || (context.LaxJson && !TryConvert(real, out value)))
                {
                    // An integer literal out of range, or 2.0-style beyond range.
                    context.AddError(ErrorKind.IntParsingSize, Input(ref reader));
                }
                else if (context.LaxJson)
                {
                    return true;
                }
                else
                {
                    // 2.0 is an integer to lax readers only.
                    context.AddError(ErrorKind.IntType, Input(ref reader));
                }

                return false;
            case JsonTokenType.String when context.LaxJson:
                var text = reader.GetString()!;
                if (_parser.TryParse(text, out value))
                {
                    return true;
                }

                context.AddError(ErrorKind.IntParsing, text);
                return false;
            default:
                context.AddError(ErrorKind.IntType, Input(ref reader));
                value = T.Zero;
                return false;
        }
    }

    // A number token's bytes are its literal (the reader never hands out a number split across segments here).
    private static bool IsWholeLiteral(ref Utf8JsonReader reader) => reader.ValueSpan.IndexOfAny(".eE"u8) < 0;

    private static bool TryConvert<TFrom>(TFrom number, out T value)
        where TFrom : INumberBase<TFrom>
    {
        try
        {
            value = T.CreateChecked(number);
            return true;
        }
        catch (OverflowException)
        {
            value = T.Zero;
            return false;
        }
    }
}