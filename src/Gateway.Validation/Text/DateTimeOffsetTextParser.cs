using System.Globalization;

namespace Gateway.Validation.Text;

/// <summary>Dates with times and offsets (ISO 8601 and the other invariant-culture forms); no offset means UTC.</summary>
internal sealed class DateTimeOffsetTextParser : TextParser<DateTimeOffset>
{
    public static readonly DateTimeOffsetTextParser Instance = new();

    private DateTimeOffsetTextParser()
        : base(ErrorKind.For(typeof(DateTimeOffset)).Parse, ErrorKind.For(typeof(DateTimeOffset)).Type)
    {
    }

    public override bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out value);
}