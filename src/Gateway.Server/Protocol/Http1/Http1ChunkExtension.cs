namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// Validates chunk extensions (RFC 9112 §7.1.1), which this server ignores but must not let through malformed: a
/// proxy in front may read a different chunk boundary from a lax grammar.
/// </summary>
/// <remarks>
/// <code>
///   chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
///   chunk-ext-name = token
///   chunk-ext-val  = token / quoted-string
///   quoted-string  = DQUOTE *( qdtext / quoted-pair ) DQUOTE
///   qdtext         = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
///   quoted-pair    = "\" ( HTAB / SP / VCHAR / obs-text )
/// </code>
/// </remarks>
internal static class Http1ChunkExtension
{
    /// <summary>Whether <paramref name="extension"/> (everything after the size digits, before CRLF) is valid.</summary>
    public static bool IsValid(ReadOnlySpan<byte> extension)
    {
        var i = 0;
        while (i < extension.Length)
        {
            i = SkipWhitespace(extension, i);
            if (i >= extension.Length || extension[i] != Http1Bytes.Semicolon)
            {
                return false;
            }

            i = SkipWhitespace(extension, i + 1);
            var nameLength = Token(extension[i..]);
            if (nameLength == 0)
            {
                return false;
            }

            i += nameLength;
            var afterName = SkipWhitespace(extension, i);
            if (afterName < extension.Length && extension[afterName] == Http1Bytes.Equal)
            {
                i = SkipWhitespace(extension, afterName + 1);
                var valueLength = i < extension.Length && extension[i] == Http1Bytes.DQuote
                    ? QuotedString(extension[i..])
                    : Token(extension[i..]);
                if (valueLength == 0)
                {
                    return false;
                }

                i += valueLength;
            }
        }

        return true;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> value, int index)
    {
        while (index < value.Length && Http1Bytes.IsWhitespace(value[index]))
        {
            index++;
        }

        return index;
    }

    private static int Token(ReadOnlySpan<byte> value)
    {
        var end = value.IndexOfAnyExcept(Http1Bytes.Token);
        return end < 0 ? value.Length : end;
    }

    /// <summary>The length of the quoted string at the start of <paramref name="value"/> (quotes included), or 0.</summary>
    private static int QuotedString(ReadOnlySpan<byte> value)
    {
        for (var i = 1; i < value.Length; i++)
        {
            var b = value[i];
            if (b == Http1Bytes.DQuote)
            {
                return i + 1;
            }

            if (b == Http1Bytes.Backslash)
            {
                if (++i >= value.Length || !IsQuotedPairByte(value[i]))
                {
                    return 0;
                }
            }
            else if (!IsQdText(b))
            {
                return 0;
            }
        }

        return 0;
    }

    private static bool IsQdText(byte b) => b is Http1Bytes.HTab or Http1Bytes.SP or 0x21 or (>= 0x23 and <= 0x5B) or (>= 0x5D and <= 0x7E) or >= 0x80;

    private static bool IsQuotedPairByte(byte b) => b is Http1Bytes.HTab or Http1Bytes.SP or (>= 0x21 and <= 0x7E) or >= 0x80;
}