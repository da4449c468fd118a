namespace Gateway.Validation.Text;

/// <summary>A nullable value type read as its underlying type.</summary>
internal sealed class NullableTextParser<T> : TextParser<T?>
    where T : struct
{
    private readonly TextParser<T> _inner;

    public NullableTextParser(TextParser inner)
        : base(inner.ParseError, inner.TypeError) => _inner = (TextParser<T>)inner;

    public TextParser<T> Inner => _inner;

    public override bool IsNumeric => _inner.IsNumeric;

    public override bool TryParse(string text, out T? value)
    {
        if (_inner.TryParse(text, out var inner))
        {
            value = inner;
            return true;
        }

        value = null;
        return false;
    }
}