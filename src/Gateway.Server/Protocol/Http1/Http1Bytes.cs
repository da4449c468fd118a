using System.Buffers;

namespace Gateway.Server.Protocol.Http1;

/// <summary>The bytes and byte classes of RFC 9110/9112/3986 grammar, named once for every HTTP/1.1 parser and writer.</summary>
internal static class Http1Bytes
{
    public const byte CR = (byte)'\r';
    public const byte LF = (byte)'\n';
    public const byte SP = (byte)' ';
    public const byte HTab = (byte)'\t';
    public const byte Colon = (byte)':';
    public const byte Semicolon = (byte)';';
    public const byte Comma = (byte)',';
    public const byte Equal = (byte)'=';
    public const byte Question = (byte)'?';
    public const byte Slash = (byte)'/';
    public const byte Asterisk = (byte)'*';
    public const byte Percent = (byte)'%';
    public const byte DQuote = (byte)'"';
    public const byte Backslash = (byte)'\\';
    public const byte OpenBracket = (byte)'[';
    public const byte CloseBracket = (byte)']';
    public const byte At = (byte)'@';

    /// <summary>tchar (RFC 9110 §5.6.2): what method names, field names and list tokens are made of.</summary>
    public static readonly SearchValues<byte> Token =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"u8);

    /// <summary>Bytes a field value may not hold: every control character but HTAB (so CR, LF and NUL too) and DEL.
    /// obs-text (0x80-0xFF) is allowed, as RFC 9110 §5.5 permits.</summary>
    public static readonly SearchValues<byte> ForbiddenInFieldValue = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

    /// <summary>
    /// Bytes of an origin-form path: RFC 3986 pchar ("unreserved / pct-encoded / sub-delims / : / @") and "/", plus the
    /// four characters browsers send unescaped in paths although RFC 3986 excludes them ("[ ] | ^", the WHATWG URL
    /// standard's path percent-encode set leaves them alone); rejecting those would break real clients. Never space,
    /// controls, DEL, obs-text, '"', '#', '&lt;', '&gt;', '\', '`', '{' or '}'.
    /// </summary>
    public static readonly SearchValues<byte> PathChar =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%!$&'()*+,;=:@/[]|^"u8);

    /// <summary>Bytes of a query: what a path allows, "?" (RFC 3986), and what the WHATWG query percent-encode set
    /// leaves unescaped ("\ ` { }"). Never space, controls, DEL, obs-text, '"', '#', '&lt;' or '&gt;'.</summary>
    public static readonly SearchValues<byte> QueryChar =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%!$&'()*+,;=:@/[]|^?\\`{}"u8);

    /// <summary>RFC 3986 reg-name bytes: unreserved / pct-encoded / sub-delims.</summary>
    public static readonly SearchValues<byte> RegName =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%!$&'()*+,;="u8);

    /// <summary>Bytes inside an IP-literal's brackets: IPv6 addresses (hex, ':' and '.' for an embedded IPv4) and
    /// IPvFuture ("v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )).</summary>
    public static readonly SearchValues<byte> IpLiteral =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:"u8);

    /// <summary>URI scheme bytes after the first letter: ALPHA / DIGIT / "+" / "-" / ".".</summary>
    public static readonly SearchValues<byte> SchemeChar =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-."u8);

    /// <summary>HEXDIG, either case.</summary>
    public static readonly SearchValues<byte> HexDigit = SearchValues.Create("0123456789abcdefABCDEF"u8);

    /// <summary>OWS: optional whitespace around values and list elements.</summary>
    public static bool IsWhitespace(byte value) => value is SP or HTab;

    /// <summary>Trims OWS (SP and HTAB) from both ends.</summary>
    public static ReadOnlySpan<byte> TrimWhitespace(ReadOnlySpan<byte> value)
    {
        var start = 0;
        while (start < value.Length && IsWhitespace(value[start]))
        {
            start++;
        }

        var end = value.Length;
        while (end > start && IsWhitespace(value[end - 1]))
        {
            end--;
        }

        return value[start..end];
    }

    /// <summary>The value of a hex digit, or -1.</summary>
    public static int HexValue(byte value) => value switch
    {
        >= (byte)'0' and <= (byte)'9' => value - '0',
        >= (byte)'a' and <= (byte)'f' => value - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => value - 'A' + 10,
        _ => -1,
    };
}