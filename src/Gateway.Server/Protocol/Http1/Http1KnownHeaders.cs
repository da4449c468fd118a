using System.Runtime.CompilerServices;
using System.Text;

namespace Gateway.Server.Protocol.Http1;

/// <summary>Recognises the field names the HTTP/1.1 layer acts on, by length first so most names cost one compare.</summary>
internal static class Http1KnownHeaders
{
    /// <summary>Classifies a request field name (ASCII case-insensitive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Http1KnownHeader Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when Ascii.EqualsIgnoreCase(name, "te"u8) => Http1KnownHeader.TE,
        4 when Ascii.EqualsIgnoreCase(name, "host"u8) => Http1KnownHeader.Host,
        6 when Ascii.EqualsIgnoreCase(name, "expect"u8) => Http1KnownHeader.Expect,
        7 when Ascii.EqualsIgnoreCase(name, "upgrade"u8) => Http1KnownHeader.Upgrade,
        10 when Ascii.EqualsIgnoreCase(name, "connection"u8) => Http1KnownHeader.Connection,
        14 when Ascii.EqualsIgnoreCase(name, "content-length"u8) => Http1KnownHeader.ContentLength,
        17 when Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8) => Http1KnownHeader.TransferEncoding,
        _ => Http1KnownHeader.Other,
    };
}
