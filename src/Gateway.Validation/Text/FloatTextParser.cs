using System.Globalization;
using System.Numerics;

namespace Gateway.Validation.Text;

/// <summary>Numbers with a fraction or an exponent in invariant culture.</summary>
internal sealed class FloatTextParser<T> : TextParser<T>
    where T : INumberBase<T>
{
    public FloatTextParser()
        : base(ErrorKind.FloatParsing, ErrorKind.FloatType)
    {
    }

    public override bool IsNumeric => true;

    public override bool TryParse(string text, out T value) => T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value!);
}