using System.Globalization;

namespace Gateway.Validation.Text;

/// <summary>Any <see cref="ISpanParsable{TSelf}"/> type (Guid, DateOnly, TimeOnly, TimeSpan, ...), in invariant culture.</summary>
internal sealed class SpanParsableTextParser<T> : TextParser<T>
    where T : ISpanParsable<T>
{
    public SpanParsableTextParser(ErrorKind parseError, ErrorKind typeError)
        : base(parseError, typeError)
    {
    }

    public override bool TryParse(string text, out T value) => T.TryParse(text.AsSpan().Trim(), CultureInfo.InvariantCulture, out value!);
}