using System.Buffers;
using System.Text;

namespace Gateway.Validation.Text;

/// <summary>Name/value pairs from a query string or a URL-encoded form, decoded once per request, in arrival order with
/// repeated names kept. Lookups scan: requests carry few of them.</summary>
internal sealed class TextValues
{
    public static readonly TextValues Empty = new([]);

    private readonly KeyValuePair<string, string>[] _pairs;

    private TextValues(KeyValuePair<string, string>[] pairs) => _pairs = pairs;

    public int Count => _pairs.Length;

    /// <summary>Wraps pairs already decoded (the text fields of a multipart form).</summary>
    public static TextValues FromPairs(List<KeyValuePair<string, string>> pairs) => pairs.Count == 0 ? Empty : new([.. pairs]);

    /// <summary>Parses <c>a=1&amp;b=x%20y&amp;a=2</c>: <c>+</c> is a space, percent escapes are UTF-8.</summary>
    public static TextValues ParseUrlEncoded(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return Empty;
        }

        var count = text.Count((byte)'&') + 1;
        var pairs = new List<KeyValuePair<string, string>>(count);
        while (!text.IsEmpty)
        {
            var end = text.IndexOf((byte)'&');
            var part = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (part.IsEmpty)
            {
                continue;
            }

            var equals = part.IndexOf((byte)'=');
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? [] : part[(equals + 1)..];
            pairs.Add(new(Decode(name), Decode(value)));
        }

        return new TextValues([.. pairs]);
    }

    /// <summary>Parses a <c>cookie</c> header value: <c>a=1; b="x"</c>. Quotes around a value are removed and percent
    /// escapes decoded, as Starlette does.</summary>
    public static void AddCookies(List<KeyValuePair<string, string>> into, ReadOnlySpan<byte> header)
    {
        while (!header.IsEmpty)
        {
            var end = header.IndexOf((byte)';');
            var part = (end < 0 ? header : header[..end]).Trim((byte)' ');
            header = end < 0 ? [] : header[(end + 1)..];
            var equals = part.IndexOf((byte)'=');
            if (equals <= 0)
            {
                continue;
            }

            var value = part[(equals + 1)..].Trim((byte)' ');
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            into.Add(new(Decode(part[..equals].Trim((byte)' '), plusIsSpace: false), Decode(value, plusIsSpace: false)));
        }
    }

    public static TextValues From(List<KeyValuePair<string, string>> pairs) => pairs.Count == 0 ? Empty : new([.. pairs]);

    public bool TryGetFirst(string name, out string value)
    {
        foreach (var pair in _pairs)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                value = pair.Value;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    public int CountOf(string name)
    {
        var count = 0;
        foreach (var pair in _pairs)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    public void CopyValues(string name, Span<string> into)
    {
        var index = 0;
        foreach (var pair in _pairs)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                into[index++] = pair.Value;
            }
        }
    }

    private static string Decode(ReadOnlySpan<byte> encoded, bool plusIsSpace = true)
    {
        if (encoded.IndexOfAny((byte)'%', (byte)'+') < 0)
        {
            return Encoding.UTF8.GetString(encoded);
        }

        byte[]? rented = null;
        var buffer = encoded.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(encoded.Length));
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '+' && plusIsSpace)
            {
                b = (byte)' ';
            }
            else if (b == '%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
            {
                b = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                i += 2;
            }

            buffer[length++] = b;
        }

        var text = Encoding.UTF8.GetString(buffer[..length]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return text;
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}