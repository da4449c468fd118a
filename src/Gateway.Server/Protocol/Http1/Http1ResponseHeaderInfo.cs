using System.Runtime.CompilerServices;
using System.Text;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// What the response writer needs to know about an app's response fields, found by <see cref="Inspect"/> before anything
/// is written (so an invalid field throws before a byte reaches the output).
/// </summary>
internal readonly struct Http1ResponseHeaderInfo
{
    private Http1ResponseHeaderInfo(long contentLength, bool hasDate, bool hasServer)
    {
        ContentLength = contentLength;
        HasDate = hasDate;
        HasServer = hasServer;
    }

    /// <summary>The app's content-length, or -1 when it gave none.</summary>
    public long ContentLength { get; }

    /// <summary>Whether the app set <c>date</c> itself.</summary>
    public bool HasDate { get; }

    /// <summary>Whether the app set <c>server</c> itself.</summary>
    public bool HasServer { get; }

    /// <summary>Classifies a response field name (ASCII case-insensitive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Http1ResponseHeaderKind Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when Ascii.EqualsIgnoreCase(name, "te"u8) => Http1ResponseHeaderKind.HopByHop,
        4 when Ascii.EqualsIgnoreCase(name, "date"u8) => Http1ResponseHeaderKind.Date,
        6 when Ascii.EqualsIgnoreCase(name, "server"u8) => Http1ResponseHeaderKind.Server,
        7 when Ascii.EqualsIgnoreCase(name, "upgrade"u8) || Ascii.EqualsIgnoreCase(name, "trailer"u8) => Http1ResponseHeaderKind.HopByHop,
        10 when Ascii.EqualsIgnoreCase(name, "connection"u8) || Ascii.EqualsIgnoreCase(name, "keep-alive"u8) => Http1ResponseHeaderKind.HopByHop,
        14 when Ascii.EqualsIgnoreCase(name, "content-length"u8) => Http1ResponseHeaderKind.ContentLength,
        16 when Ascii.EqualsIgnoreCase(name, "proxy-connection"u8) => Http1ResponseHeaderKind.HopByHop,
        17 when Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8) => Http1ResponseHeaderKind.HopByHop,
        _ => Http1ResponseHeaderKind.Other,
    };

    /// <summary>Validates every field and collects what the framing decision needs.</summary>
    /// <exception cref="InvalidOperationException">A field name is not a token, a value holds CR, LF or NUL, or
    /// content-length is invalid or repeated: an app bug, which must never reach the wire.</exception>
    public static Http1ResponseHeaderInfo Inspect(Headers headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        long contentLength = -1;
        bool hasDate = false, hasServer = false;
        foreach (var header in headers)
        {
            var name = header.Name.Span;
            var value = header.Value.Span;
            Validate(name, value);
            switch (Classify(name))
            {
                case Http1ResponseHeaderKind.ContentLength:
                    if (contentLength >= 0)
                    {
                        Http1ThrowHelper.ThrowInvalidResponseContentLength("it is set more than once");
                    }

                    if (!Http1RequestHead.TryParseContentLength(value, out contentLength))
                    {
                        Http1ThrowHelper.ThrowInvalidResponseContentLength("it must be a non-negative decimal number");
                    }

                    break;
                case Http1ResponseHeaderKind.Date:
                    hasDate = true;
                    break;
                case Http1ResponseHeaderKind.Server:
                    hasServer = true;
                    break;
                default:
                    break;
            }
        }

        return new Http1ResponseHeaderInfo(contentLength, hasDate, hasServer);
    }

    /// <summary>The defensive check for one field: <see cref="Headers"/> validates on construction, but
    /// <see cref="HeadersBuilder.AddWithoutValidation"/> trusts its caller, and a CR or LF here would split the response.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Validate(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (name.IsEmpty || name.ContainsAnyExcept(Http1Bytes.Token) || value.IndexOfAny(Http1Bytes.CR, Http1Bytes.LF, (byte)0) >= 0)
        {
            Http1ThrowHelper.ThrowInvalidResponseHeader(name);
        }
    }
}