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

    public override bool TryRead(JsonElement element, RequestContext context, out T value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                if (typeof(T) == typeof(decimal) && element.TryGetDecimal(out var exact))
                {
                    value = T.CreateChecked(exact);
                    return true;
                }

                if (element.TryGetDouble(out var number))
                {
                    value = T.CreateSaturating(number);
                    return true;
                }

                value = T.Zero;
                context.AddError(ErrorKind.FloatParsing, element.Clone());
                return false;
            case JsonValueKind.String when context.LaxJson:
                if (_parser.TryParse(element.GetString()!, out value))
                {
                    return true;
                }

                context.AddError(ErrorKind.FloatParsing, element.GetString());
                return false;
            default:
                value = T.Zero;
                context.AddError(ErrorKind.FloatType, element.Clone());
                return false;
        }
    }

    internal static string Describe(T value) => value.ToString(null, CultureInfo.InvariantCulture);
}