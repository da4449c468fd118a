namespace Gateway.Validation.Text;

/// <summary>Enum members by name, in any case (numbers are not names and are refused).</summary>
internal sealed class EnumTextParser<T> : TextParser<T>
    where T : struct, Enum
{
    public EnumTextParser()
        : base(CreateError(), CreateError())
    {
    }

    public static string Expected => Describe(Enum.GetNames<T>());

    public override bool TryParse(string text, out T value)
    {
        var span = text.AsSpan().Trim();
        if (span.IsEmpty || char.IsAsciiDigit(span[0]) || span[0] == '-' || span[0] == '+' || span.Contains(','))
        {
            value = default;
            return false;
        }

        return Enum.TryParse(span, ignoreCase: true, out value);
    }

    /// <summary>Pydantic's list of choices: <c>'a', 'b' or 'c'</c>.</summary>
    internal static string Describe(IReadOnlyList<string> quotedOrNot, bool quote = true)
    {
        var parts = new string[quotedOrNot.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = quote ? $"'{quotedOrNot[i]}'" : quotedOrNot[i];
        }

        return parts.Length <= 1 ? string.Concat(parts) : string.Join(", ", parts, 0, parts.Length - 1) + " or " + parts[^1];
    }

    private static ErrorKind CreateError() => new("enum", $"Input should be {Expected}", Expected);
}