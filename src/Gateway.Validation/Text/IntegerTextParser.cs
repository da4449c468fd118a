using System.Globalization;
using System.Numerics;

namespace Gateway.Validation.Text;

/// <summary>Integers in invariant culture, surrounding white space allowed.</summary>
internal sealed class IntegerTextParser<T> : TextParser<T>
    where T : IBinaryInteger<T>
{
    public IntegerTextParser()
        : base(ErrorKind.IntParsing, ErrorKind.IntType)
    {
    }

    public override bool IsNumeric => true;

    public override bool TryParse(string text, out T value) => T.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value!);
}