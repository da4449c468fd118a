namespace Gateway.Routing;

/// <summary>Reads the cookies a request carries.</summary>
public static class RequestCookies
{
    /// <summary>
    /// Parses every <c>cookie</c> header, with the one rule the whole framework uses (<see cref="Request.Cookies"/> and
    /// handlers' <c>[FromCookie]</c> parameters alike): pairs are separated by <c>;</c> (RFC 6265 <c>name=value;
    /// name2=value2</c>), spaces around names and values are trimmed, one pair of double quotes around a value is
    /// removed, names and values are percent-decoded as UTF-8 (<c>+</c> stays a plus sign; invalid escapes are kept as
    /// they are, invalid UTF-8 becomes U+FFFD), as ASP.NET Core and Starlette decode them; parts without <c>=</c> or with
    /// an empty name are skipped. A name sent twice keeps both values in order; single-value lookups take the first, as
    /// browsers send the most specific cookie first.
    /// </summary>
    /// <param name="scope">The scope.</param>
    /// <param name="maxPairs">The most cookies accepted.</param>
    /// <returns>The cookies.</returns>
    /// <exception cref="HttpException">431 when there are more than <paramref name="maxPairs"/> cookies.</exception>
    public static MultiValueMap Parse(Scope scope, int maxPairs = 1000)
    {
        ArgumentNullException.ThrowIfNull(scope);
        List<KeyValuePair<string, string>>? pairs = null;
        foreach (var header in scope.Headers.GetValues("cookie"u8))
        {
            var text = header.Span;
            while (!text.IsEmpty)
            {
                var end = text.IndexOf((byte)';');
                var part = (end < 0 ? text : text[..end]).Trim((byte)' ');
                text = end < 0 ? [] : text[(end + 1)..];
                var equals = part.IndexOf((byte)'=');
                var name = equals < 0 ? [] : part[..equals].Trim((byte)' ');
                if (name.IsEmpty)
                {
                    continue;
                }

                if ((pairs ??= []).Count == maxPairs)
                {
                    throw new HttpException(431, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"More than {maxPairs} cookies."));
                }

                var value = part[(equals + 1)..].Trim((byte)' ');
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                {
                    value = value[1..^1];
                }

                pairs.Add(new(UrlEncoding.Decode(name, plusIsSpace: false), UrlEncoding.Decode(value, plusIsSpace: false)));
            }
        }

        return MultiValueMap.FromList(pairs);
    }
}