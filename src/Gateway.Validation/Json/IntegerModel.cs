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

    public override bool TryRead(JsonElement element, RequestContext context, out T value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                if ((element.TryGetInt64(out var number) && TryConvert(number, out value))
                    || (element.TryGetUInt64(out var unsigned) && TryConvert(unsigned, out value)))
                {
                    return true;
                }

                value = T.Zero;
                if (!element.TryGetDouble(out var real) || !double.IsFinite(real))
                {
                    context.AddError(ErrorKind.IntParsingSize, element.Clone());
                }
                else if (real != Math.Floor(real))
                {
                    context.AddError(ErrorKind.IntFromFloat, element.Clone());
                }
                else if (IsWholeLiteral(element) || (context.LaxJson && !TryConvert(real, out value)))
                {
                    // An integer literal out of range, or 2.0-style beyond range.
                    context.AddError(ErrorKind.IntParsingSize, element.Clone());
                }
                else if (context.LaxJson)
                {
                    return true;
                }
                else
                {
                    // 2.0 is an integer to lax readers only.
                    context.AddError(ErrorKind.IntType, element.Clone());
                }

                return false;
            case JsonValueKind.String when context.LaxJson:
                if (_parser.TryParse(element.GetString()!, out value))
                {
                    return true;
                }

                context.AddError(ErrorKind.IntParsing, element.GetString());
                return false;
            default:
                context.AddError(ErrorKind.IntType, element.Clone());
                value = T.Zero;
                return false;
        }
    }

    private static bool IsWholeLiteral(JsonElement element)
    {
        var raw = element.GetRawText();
        return raw.IndexOfAny(['.', 'e', 'E']) < 0;
    }

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