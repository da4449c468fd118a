using System.Runtime.CompilerServices;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// Splits and validates one field line (RFC 9112 §5), shared by the header and trailer sections.
/// </summary>
/// <remarks>
/// Rules, in the order they are checked:
/// <list type="number">
/// <item>a line starting with SP or HTAB is obsolete line folding → 400 (RFC 9112 §5.2 lets a server reject it);</item>
/// <item>no colon, or nothing before it → 400;</item>
/// <item>whitespace between the name and the colon → 400 (RFC 9112 §5.1 says MUST reject: a smuggling vector);</item>
/// <item>a name byte that is not a tchar → 400;</item>
/// <item>the value loses its leading and trailing OWS; a control character left in it (HTAB excepted; NUL, CR, LF and
/// DEL included) → 400. obs-text (0x80-0xFF) is kept, as RFC 9110 §5.5 allows.</item>
/// </list>
/// A CR found where one of these rules fails is reported as a bare CR.
/// </remarks>
internal static class Http1FieldLine
{
    /// <summary>Parses <paramref name="line"/> (without its CRLF, not empty) into a name and a trimmed value.</summary>
    /// <exception cref="Http1BadRequestException">The line breaks a rule above.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Parse(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        if (Http1Bytes.IsWhitespace(line[0]))
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.ObsoleteLineFolding);
        }

        var colon = line.IndexOf(Http1Bytes.Colon);
        if (colon <= 0)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidHeaderLine, line);
        }

        name = line[..colon];
        if (name.ContainsAnyExcept(Http1Bytes.Token))
        {
            ThrowInvalidName(name);
        }

        value = Http1Bytes.TrimWhitespace(line[(colon + 1)..]);
        if (value.ContainsAny(Http1Bytes.ForbiddenInFieldValue))
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidHeaderValue, value);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalidName(ReadOnlySpan<byte> name)
    {
        Http1ThrowHelper.ThrowBadRequest(
            Http1Bytes.IsWhitespace(name[^1]) ? Http1RejectionReason.WhitespaceBeforeColon : Http1RejectionReason.InvalidHeaderName,
            name);
    }
}