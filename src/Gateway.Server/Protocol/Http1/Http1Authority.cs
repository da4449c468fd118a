namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// Validates <c>uri-host [ ":" port ]</c> (RFC 9110 §7.2, RFC 3986 §3.2) for Host and the absolute form's authority.
/// userinfo ("user@") is refused: RFC 9110 §4.2.4 deprecates it and it is a classic phishing and parser-confusion trick.
/// </summary>
internal static class Http1Authority
{
    private const int MaxPortDigits = 5;

    /// <summary>Whether <paramref name="authority"/> is a valid host with an optional port.</summary>
    /// <param name="authority">The bytes, already stripped of OWS.</param>
    /// <param name="allowEmpty">Host may be empty (RFC 9110 §7.2); an http(s) URI's authority may not (§4.2.1).</param>
    public static bool IsValid(ReadOnlySpan<byte> authority, bool allowEmpty)
    {
        if (authority.IsEmpty)
        {
            return allowEmpty;
        }

        ReadOnlySpan<byte> port;
        if (authority[0] == Http1Bytes.OpenBracket)
        {
            var close = authority.IndexOf(Http1Bytes.CloseBracket);
            if (close < 2 || authority[1..close].ContainsAnyExcept(Http1Bytes.IpLiteral))
            {
                return false;
            }

            var after = authority[(close + 1)..];
            if (after.IsEmpty)
            {
                return true;
            }

            if (after[0] != Http1Bytes.Colon)
            {
                return false;
            }

            port = after[1..];
        }
        else
        {
            var colon = authority.IndexOf(Http1Bytes.Colon);
            var host = colon < 0 ? authority : authority[..colon];
            if (host.IsEmpty || host.ContainsAnyExcept(Http1Bytes.RegName) || !HasValidPercentEncoding(host))
            {
                return false;
            }

            port = colon < 0 ? default : authority[(colon + 1)..];
        }

        // port = *DIGIT: an empty port is valid syntax (RFC 3986 §3.2.3) and means the scheme's default.
        return port.Length <= MaxPortDigits && !port.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    private static bool HasValidPercentEncoding(ReadOnlySpan<byte> value)
    {
        var percent = value.IndexOf(Http1Bytes.Percent);
        while (percent >= 0)
        {
            if (percent + 2 >= value.Length
                || Http1Bytes.HexValue(value[percent + 1]) < 0 || Http1Bytes.HexValue(value[percent + 2]) < 0)
            {
                return false;
            }

            value = value[(percent + 3)..];
            percent = value.IndexOf(Http1Bytes.Percent);
        }

        return true;
    }
}