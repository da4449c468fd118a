using System.Buffers;
using System.Text;

namespace Gateway.Routing;

/// <summary>Decodes <c>application/x-www-form-urlencoded</c> text (query strings and form bodies).</summary>
public static class UrlEncoding
{
    /// <summary>Parses <c>a=1&amp;b=2&amp;a=3</c> into a map: <c>+</c> is a space, <c>%XX</c> are UTF-8 bytes (invalid
    /// sequences become U+FFFD), a pair without <c>=</c> has an empty value, empty pairs are skipped.</summary>
    /// <param name="text">The raw bytes.</param>
    /// <param name="maxPairs">The most pairs accepted.</param>
    /// <returns>The map.</returns>
    /// <exception cref="HttpException">413 when there are more than <paramref name="maxPairs"/> pairs.</exception>
    public static MultiValueMap ParseForm(ReadOnlySpan<byte> text, int maxPairs = 1000)
    {
        if (text.IsEmpty)
        {
            return MultiValueMap.Empty;
        }

        // One array of the pairs (sized by the separators, trimmed if empty pairs were skipped) is the map's storage.
        var map = new KeyValuePair<string, string>[Math.Min(text.Count((byte)'&') + 1, maxPairs + 1)];
        var pairs = 0;
        while (!text.IsEmpty)
        {
            var amp = text.IndexOf((byte)'&');
            var pair = amp < 0 ? text : text[..amp];
            text = amp < 0 ? [] : text[(amp + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            if (pairs == maxPairs)
            {
                throw new HttpException(413, $"More than {maxPairs} form fields.");
            }

            var equals = pair.IndexOf((byte)'=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? [] : pair[(equals + 1)..];
            map[pairs++] = new(Decode(name), Decode(value));
        }

        return MultiValueMap.FromArray(pairs == map.Length ? map : map[..pairs]);
    }

    /// <summary>Decodes one form component: <c>+</c> to space, <c>%XX</c> to bytes, then UTF-8.</summary>
    /// <param name="text">The raw component.</param>
    /// <returns>The text.</returns>
    public static string Decode(ReadOnlySpan<byte> text) => Decode(text, plusIsSpace: true);

    /// <summary>Decodes percent escapes (UTF-8; invalid sequences become U+FFFD), and <c>+</c> as a space when asked
    /// (forms and queries, not cookies).</summary>
    /// <param name="text">The raw text.</param>
    /// <param name="plusIsSpace">Whether <c>+</c> means a space.</param>
    /// <returns>The text.</returns>
    public static string Decode(ReadOnlySpan<byte> text, bool plusIsSpace)
    {
        if (plusIsSpace ? text.IndexOfAny((byte)'%', (byte)'+') < 0 : !text.Contains((byte)'%'))
        {
            return Encoding.UTF8.GetString(text);
        }

        var rented = text.Length > 256 ? ArrayPool<byte>.Shared.Rent(text.Length) : null;
        Span<byte> buffer = rented ?? stackalloc byte[256];
        try
        {
            var length = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var b = text[i];
                if (b == '+' && plusIsSpace)
                {
                    b = (byte)' ';
                }
                else if (b == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
                {
                    b = (byte)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2]));
                    i += 2;
                }

                buffer[length++] = b;
            }

            return Encoding.UTF8.GetString(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}