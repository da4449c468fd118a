namespace Gateway.Routing;

/// <summary>Reads the cookies a request carries.</summary>
public static class RequestCookies
{
    /// <summary>
    /// Parses every <c>cookie</c> header (RFC 6265 <c>name=value; name2=value2</c>, values optionally quoted). The first
    /// occurrence of a name wins, as browsers send the most specific cookie first. Values are not percent-decoded.
    /// </summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The cookies by name.</returns>
    public static IReadOnlyDictionary<string, string> Parse(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in scope.Headers.GetValues("cookie"u8))
        {
            var text = System.Text.Encoding.Latin1.GetString(header.Span);
            foreach (var part in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                var name = (equals < 0 ? string.Empty : part[..equals]).Trim();
                var value = (equals < 0 ? part : part[(equals + 1)..]).Trim();
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                {
                    value = value[1..^1];
                }

                cookies.TryAdd(name, value);
            }
        }

        return cookies;
    }
}