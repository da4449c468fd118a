namespace Gateway.Validation.Text;

/// <summary>Absolute URLs.</summary>
internal sealed class UriTextParser : TextParser<Uri>
{
    public static readonly UriTextParser Instance = new();

    private UriTextParser()
        : base(ErrorKind.UrlParsing, ErrorKind.UrlType)
    {
    }

    public override bool TryParse(string text, out Uri value) => Uri.TryCreate(text, UriKind.Absolute, out value!);
}