namespace Gateway.Validation.Text;

/// <summary>Text as it is.</summary>
internal sealed class StringTextParser : TextParser<string>
{
    public static readonly StringTextParser Instance = new();

    private StringTextParser()
        : base(ErrorKind.StringType, ErrorKind.StringType)
    {
    }

    public override bool TryParse(string text, out string value)
    {
        value = text;
        return true;
    }
}