using System.Text;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// A parsed, validated request target. Its memory points into one array holding a copy of the raw target, which is
/// never written again, so a parser can hand the same instance to every request with the same target (a keep-alive
/// client polling one URL then costs no allocation).
/// </summary>
/// <remarks>
/// Rules (RFC 9112 §3.2), chosen by the first byte:
/// <code>
///   "/..."                   origin form: path chars, then optionally "?" and query chars
///   "*"                      asterisk form: OPTIONS only (other methods 400)
///   scheme "://" ...         absolute form: http or https only, authority without userinfo, then an origin-form tail
///   host ":" port            authority form: CONNECT's, 501 (not a proxy)
///   anything else            400
/// </code>
/// Path bytes are checked against <see cref="Http1Bytes.PathChar"/> and query bytes against
/// <see cref="Http1Bytes.QueryChar"/>; the path is percent-decoded into <see cref="Path"/> and the query kept raw.
/// </remarks>
internal sealed class Http1RequestTarget
{
    private static readonly byte[] AsteriskBytes = "*"u8.ToArray();

    private Http1RequestTarget(Http1TargetForm form, byte[] raw, ReadOnlyMemory<byte> rawPath, ReadOnlyMemory<byte> query, string path, ReadOnlyMemory<byte> authority)
    {
        Form = form;
        Raw = raw;
        RawPath = rawPath;
        Query = query;
        Path = path;
        Authority = authority;
    }

    public Http1TargetForm Form { get; }

    public ReadOnlyMemory<byte> RawTarget => Raw;

    /// <summary>The path as received; empty for an absolute form without a path.</summary>
    public ReadOnlyMemory<byte> RawPath { get; }

    public ReadOnlyMemory<byte> Query { get; }

    public string Path { get; }

    /// <summary>The absolute form's authority; empty otherwise.</summary>
    public ReadOnlyMemory<byte> Authority { get; }

    private byte[] Raw { get; }

    /// <summary>Whether this target was parsed from exactly <paramref name="target"/>.</summary>
    public bool Matches(ReadOnlySpan<byte> target) => target.SequenceEqual(Raw);

    /// <summary>Parses and validates a target, copying it once.</summary>
    /// <exception cref="Http1BadRequestException">An invalid target (400), asterisk form without OPTIONS (400), an invalid
    /// path encoding (400), or the authority form (501).</exception>
    public static Http1RequestTarget Parse(ReadOnlySpan<byte> target, string method)
    {
        var first = target[0];
        if (first == Http1Bytes.Slash)
        {
            return ParseOriginForm(target);
        }

        if (first == Http1Bytes.Asterisk && target.Length == 1)
        {
            if (!ReferenceEquals(method, Http1Methods.Options))
            {
                Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.AsteriskFormNotOptions);
            }

            return new Http1RequestTarget(Http1TargetForm.Asterisk, AsteriskBytes, AsteriskBytes, default, "*", default);
        }

        return ParseAbsoluteOrAuthorityForm(target);
    }

    private static Http1RequestTarget ParseOriginForm(ReadOnlySpan<byte> target)
    {
        var question = target.IndexOf(Http1Bytes.Question);
        var pathLength = question < 0 ? target.Length : question;
        var path = target[..pathLength];
        if (path.ContainsAnyExcept(Http1Bytes.PathChar)
            || (question >= 0 && target[(question + 1)..].ContainsAnyExcept(Http1Bytes.QueryChar)))
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidRequestTarget, target);
        }

        var decoded = Http1PathDecoder.Decode(path);
        var raw = target.ToArray();
        var query = question < 0 ? ReadOnlyMemory<byte>.Empty : raw.AsMemory(question + 1);
        return new Http1RequestTarget(Http1TargetForm.Origin, raw, raw.AsMemory(0, pathLength), query, decoded, default);
    }

    private static Http1RequestTarget ParseAbsoluteOrAuthorityForm(ReadOnlySpan<byte> target)
    {
        var schemeEnd = target.IndexOf("://"u8);
        if (schemeEnd <= 0 || !IsScheme(target[..schemeEnd]))
        {
            // No scheme: the authority form (CONNECT's) if it parses as host:port, garbage otherwise.
            var isAuthorityForm = target.Contains(Http1Bytes.Colon) && Http1Authority.IsValid(target, allowEmpty: false);
            Http1ThrowHelper.ThrowBadRequest(
                isAuthorityForm ? Http1RejectionReason.ConnectNotSupported : Http1RejectionReason.InvalidRequestTarget, target);
        }

        var scheme = target[..schemeEnd];
        if (!Ascii.EqualsIgnoreCase(scheme, "http"u8) && !Ascii.EqualsIgnoreCase(scheme, "https"u8))
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidRequestTarget);
        }

        var authorityStart = schemeEnd + 3;
        var rest = target[authorityStart..];
        var authorityLength = rest.IndexOfAny(Http1Bytes.Slash, Http1Bytes.Question);
        if (authorityLength < 0)
        {
            authorityLength = rest.Length;
        }

        var authority = rest[..authorityLength];
        if (authority.Contains(Http1Bytes.At) || !Http1Authority.IsValid(authority, allowEmpty: false))
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidRequestTarget, authority);
        }

        var tail = rest[authorityLength..];
        var question = tail.IndexOf(Http1Bytes.Question);
        var pathLength = question < 0 ? tail.Length : question;
        var path = tail[..pathLength];
        if (path.ContainsAnyExcept(Http1Bytes.PathChar)
            || (question >= 0 && tail[(question + 1)..].ContainsAnyExcept(Http1Bytes.QueryChar)))
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidRequestTarget, tail);
        }

        var decoded = path.IsEmpty ? "/" : Http1PathDecoder.Decode(path);
        var raw = target.ToArray();
        var pathStart = authorityStart + authorityLength;
        var query = question < 0 ? ReadOnlyMemory<byte>.Empty : raw.AsMemory(pathStart + question + 1);
        return new Http1RequestTarget(
            Http1TargetForm.Absolute, raw, raw.AsMemory(pathStart, pathLength), query, decoded, raw.AsMemory(authorityStart, authorityLength));
    }

    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    private static bool IsScheme(ReadOnlySpan<byte> scheme) =>
        char.IsAsciiLetter((char)scheme[0]) && !scheme[1..].ContainsAnyExcept(Http1Bytes.SchemeChar);

    /// <summary>The target as text, for debugging.</summary>
    public override string ToString() => Encoding.Latin1.GetString(Raw);
}