using System.Collections.Concurrent;
using System.Text;

namespace Gateway.Validation.OpenApi;

/// <summary>The embedded documentation page, pointed at the document's URL.</summary>
internal static class DocsPage
{
    private static readonly string Template = Load();
    private static readonly ConcurrentDictionary<string, byte[]> Rendered = new(StringComparer.Ordinal);

    public static byte[] Render(string documentUrl) => Rendered.Count < 64
        ? Rendered.GetOrAdd(documentUrl, Build)
        : Rendered.TryGetValue(documentUrl, out var page) ? page : Build(documentUrl);

    private static byte[] Build(string documentUrl) =>
        Encoding.UTF8.GetBytes(Template.Replace("<meta charset=\"utf-8\">", $"<meta charset=\"utf-8\">\n<meta name=\"openapi\" content=\"{System.Net.WebUtility.HtmlEncode(documentUrl)}\">", StringComparison.Ordinal));

    private static string Load()
    {
        using var stream = typeof(DocsPage).Assembly.GetManifestResourceStream("Gateway.Validation.docs.html")
            ?? throw new InvalidOperationException("The documentation page resource is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}