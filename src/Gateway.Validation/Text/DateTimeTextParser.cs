using System.Globalization;

namespace Gateway.Validation.Text;

/// <summary>Dates with times (ISO 8601 and the other invariant-culture forms); a value without an offset keeps its kind.</summary>
internal sealed class DateTimeTextParser : TextParser<DateTime>
{
    public static readonly DateTimeTextParser Instance = new();

    private DateTimeTextParser()
        : base(ErrorKind.For(typeof(DateTime)).Parse, ErrorKind.For(typeof(DateTime)).Type)
    {
    }

    public override bool TryParse(string text, out DateTime value) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind | DateTimeStyles.AllowWhiteSpaces, out value);
}