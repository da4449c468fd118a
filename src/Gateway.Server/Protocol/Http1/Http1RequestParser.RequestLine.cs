using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Gateway.Server.Protocol.Http1;

/// <summary>The request line: <c>method SP request-target SP HTTP-version</c> (RFC 9112 §3).</summary>
/// <remarks>
/// Rules, in the order they are checked:
/// <code>
///   exactly one SP between the three parts, none empty     else 400 InvalidRequestLine
///   method is a token                                      else 400 InvalidMethod
///   method is not CONNECT                                  else 501 (not a proxy)
///   version is HTTP/1.1 or HTTP/1.0                        else 505 if "HTTP/" DIGIT "." DIGIT, else 400
///   target parses (see Http1RequestTarget)                 else 400 (501 for the authority form)
///   the line fits MaxRequestLineSize                       else 414 when the target made it long; 400 InvalidMethod
///                                                          when the method did (no SP in the first MaxRequestLineSize
///                                                          bytes, or a method taking half of them: a method is not a
///                                                          URI). Only those first bytes decide, so the answer is the
///                                                          same however the line arrived.
/// </code>
/// </remarks>
internal sealed partial class Http1RequestParser
{
    // "HTTP/1.x" read as one little-endian 64-bit number, so the version is a single compare.
    private static readonly ulong Http11 = BinaryPrimitives.ReadUInt64LittleEndian("HTTP/1.1"u8);
    private static readonly ulong Http10 = BinaryPrimitives.ReadUInt64LittleEndian("HTTP/1.0"u8);
    private const int VersionLength = 8;

    private void ParseRequestLine(ReadOnlySpan<byte> line)
    {
        var firstSpace = line.IndexOf(Http1Bytes.SP);
        if (firstSpace <= 0)
        {
            Http1ThrowHelper.ThrowBadRequest(firstSpace == 0 ? Http1RejectionReason.InvalidRequestLine : Http1RejectionReason.InvalidMethod, line);
        }

        var method = ParseMethod(line[..firstSpace]);

        var rest = line[(firstSpace + 1)..];
        var secondSpace = rest.IndexOf(Http1Bytes.SP);
        if (secondSpace <= 0)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidRequestLine, line);
        }

        var version = ParseVersion(rest[(secondSpace + 1)..]);
        _head.SetRequestLine(method, version);
        _head.SetTarget(ParseTarget(rest[..secondSpace], method));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private string ParseMethod(ReadOnlySpan<byte> method)
    {
        var known = Http1Methods.TryGetKnown(method);
        if (known is not null)
        {
            if (ReferenceEquals(known, Http1Methods.Connect))
            {
                Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.ConnectNotSupported);
            }

            return known;
        }

        return ParseExtensionMethod(method);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private string ParseExtensionMethod(ReadOnlySpan<byte> method)
    {
        if (method.ContainsAnyExcept(Http1Bytes.Token))
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidMethod, method);
        }

        if (_cachedMethodBytes is null || !method.SequenceEqual(_cachedMethodBytes))
        {
            _cachedMethodBytes = method.ToArray();
            _cachedMethod = Encoding.ASCII.GetString(method);
        }

        return _cachedMethod!;
    }

    /// <summary>Rejects a request line over the limit: 414 (URI Too Long) only when the target made it long. Only the
    /// first <paramref name="limit"/> bytes are looked at (every caller has at least that many).</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowRequestLineTooLong(ReadOnlySequence<byte> lineSoFar, int limit)
    {
        var prefix = lineSoFar.Length > limit ? lineSoFar.Slice(0, limit) : lineSoFar;
        var firstSpace = prefix.PositionOf(Http1Bytes.SP);
        ThrowRequestLineTooLong(firstSpace is { } space ? prefix.Slice(0, space).Length : -1, limit);
    }

    /// <inheritdoc cref="ThrowRequestLineTooLong(ReadOnlySequence{byte}, int)"/>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowRequestLineTooLong(ReadOnlySpan<byte> line, int limit)
    {
        ThrowRequestLineTooLong(line[..Math.Min(line.Length, limit)].IndexOf(Http1Bytes.SP), limit);
    }

    /// <param name="methodLength">Where the first SP is in the first <paramref name="limit"/> bytes; -1 when none is.</param>
    /// <param name="limit">The request line limit.</param>
    [DoesNotReturn]
    private static void ThrowRequestLineTooLong(long methodLength, int limit)
    {
        var methodMadeItLong = methodLength < 0 || methodLength >= limit - methodLength;
        Http1ThrowHelper.ThrowBadRequest(methodMadeItLong ? Http1RejectionReason.InvalidMethod : Http1RejectionReason.RequestLineTooLong);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Http1Version ParseVersion(ReadOnlySpan<byte> version)
    {
        if (version.Length == VersionLength)
        {
            var value = BinaryPrimitives.ReadUInt64LittleEndian(version);
            if (value == Http11)
            {
                return Http1Version.Http11;
            }

            if (value == Http10)
            {
                return Http1Version.Http10;
            }
        }

        ThrowInvalidVersion(version);
        return default;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalidVersion(ReadOnlySpan<byte> version)
    {
        if (version.Contains(Http1Bytes.SP))
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidRequestLine);
        }

        // HTTP-version = HTTP-name "/" DIGIT "." DIGIT: well-formed but other than 1.0/1.1 is 505 (RFC 9110 §15.6.6).
        var wellFormed = version.Length == VersionLength
            && version.StartsWith("HTTP/"u8)
            && char.IsAsciiDigit((char)version[5])
            && version[6] == (byte)'.'
            && char.IsAsciiDigit((char)version[7]);
        Http1ThrowHelper.ThrowBadRequest(wellFormed ? Http1RejectionReason.UnsupportedVersion : Http1RejectionReason.InvalidVersion, version);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Http1RequestTarget ParseTarget(ReadOnlySpan<byte> target, string method)
    {
        // A keep-alive client asking for the same URL again gets the previous, immutable parse.
        var cached = _cachedTarget;
        if (cached is not null && cached.Matches(target))
        {
            if (cached.Form == Http1TargetForm.Asterisk && !ReferenceEquals(method, Http1Methods.Options))
            {
                Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.AsteriskFormNotOptions);
            }

            return cached;
        }

        return _cachedTarget = Http1RequestTarget.Parse(target, method);
    }
}