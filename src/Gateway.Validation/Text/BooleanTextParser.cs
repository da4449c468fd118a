namespace Gateway.Validation.Text;

/// <summary>Booleans as Pydantic reads them from text: <c>true/1/on/yes/t/y</c> and <c>false/0/off/no/f/n</c>, in any case.</summary>
internal sealed class BooleanTextParser : TextParser<bool>
{
    public static readonly BooleanTextParser Instance = new();

    private BooleanTextParser()
        : base(ErrorKind.BoolParsing, ErrorKind.BoolType)
    {
    }

    public override bool TryParse(string text, out bool value)
    {
        var span = text.AsSpan().Trim();
        if (span.Equals("true", StringComparison.OrdinalIgnoreCase) || span.SequenceEqual("1") || span.Equals("on", StringComparison.OrdinalIgnoreCase)
            || span.Equals("yes", StringComparison.OrdinalIgnoreCase) || span.Equals("t", StringComparison.OrdinalIgnoreCase) || span.Equals("y", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        value = false;
        return span.Equals("false", StringComparison.OrdinalIgnoreCase) || span.SequenceEqual("0") || span.Equals("off", StringComparison.OrdinalIgnoreCase)
            || span.Equals("no", StringComparison.OrdinalIgnoreCase) || span.Equals("f", StringComparison.OrdinalIgnoreCase) || span.Equals("n", StringComparison.OrdinalIgnoreCase);
    }
}