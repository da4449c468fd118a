using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// Recognises the field names the HTTP/1.1 layer acts on. Every field line goes through here, so names are compared as
/// 2-, 4- and 8-byte words after OR-ing 0x20 into each byte, which lower-cases ASCII letters. That is exact for these
/// names: only 'X' and 'x' OR to 'x', and the one non-letter ('-') could only be confused with CR, which a validated
/// name cannot hold.
/// </summary>
internal static class Http1KnownHeaders
{
    private const ushort Lower2 = 0x2020;
    private const uint Lower4 = 0x20202020;
    private const ulong Lower8 = 0x2020202020202020;

    private static readonly ushort Te = BinaryPrimitives.ReadUInt16LittleEndian("te"u8);
    private static readonly uint Host = BinaryPrimitives.ReadUInt32LittleEndian("host"u8);
    private static readonly uint Expe = BinaryPrimitives.ReadUInt32LittleEndian("expe"u8);
    private static readonly ushort Ct = BinaryPrimitives.ReadUInt16LittleEndian("ct"u8);
    private static readonly uint Upgr = BinaryPrimitives.ReadUInt32LittleEndian("upgr"u8);
    private static readonly uint Rade = BinaryPrimitives.ReadUInt32LittleEndian("rade"u8);
    private static readonly ulong Connecti = BinaryPrimitives.ReadUInt64LittleEndian("connecti"u8);
    private static readonly ushort On = BinaryPrimitives.ReadUInt16LittleEndian("on"u8);
    private static readonly ulong Content = BinaryPrimitives.ReadUInt64LittleEndian("content-"u8);
    private static readonly ulong TLength = BinaryPrimitives.ReadUInt64LittleEndian("t-length"u8);
    private static readonly ulong Transfer = BinaryPrimitives.ReadUInt64LittleEndian("transfer"u8);
    private static readonly ulong Encodin = BinaryPrimitives.ReadUInt64LittleEndian("-encodin"u8);

    /// <summary>Classifies a request field name (ASCII case-insensitive); the name must be a validated token.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Http1KnownHeader Classify(ReadOnlySpan<byte> name)
    {
        switch (name.Length)
        {
            case 2:
                return (BinaryPrimitives.ReadUInt16LittleEndian(name) | Lower2) == Te ? Http1KnownHeader.TE : Http1KnownHeader.Other;
            case 4:
                return (BinaryPrimitives.ReadUInt32LittleEndian(name) | Lower4) == Host ? Http1KnownHeader.Host : Http1KnownHeader.Other;
            case 6:
                return (BinaryPrimitives.ReadUInt32LittleEndian(name) | Lower4) == Expe
                    && (BinaryPrimitives.ReadUInt16LittleEndian(name[4..]) | Lower2) == Ct
                    ? Http1KnownHeader.Expect : Http1KnownHeader.Other;
            case 7:
                // Overlapping reads: bytes 0-3 and 3-6.
                return (BinaryPrimitives.ReadUInt32LittleEndian(name) | Lower4) == Upgr
                    && (BinaryPrimitives.ReadUInt32LittleEndian(name[3..]) | Lower4) == Rade
                    ? Http1KnownHeader.Upgrade : Http1KnownHeader.Other;
            case 10:
                return (BinaryPrimitives.ReadUInt64LittleEndian(name) | Lower8) == Connecti
                    && (BinaryPrimitives.ReadUInt16LittleEndian(name[8..]) | Lower2) == On
                    ? Http1KnownHeader.Connection : Http1KnownHeader.Other;
            case 14:
                // Overlapping reads: bytes 0-7 and 6-13.
                return (BinaryPrimitives.ReadUInt64LittleEndian(name) | Lower8) == Content
                    && (BinaryPrimitives.ReadUInt64LittleEndian(name[6..]) | Lower8) == TLength
                    ? Http1KnownHeader.ContentLength : Http1KnownHeader.Other;
            case 17:
                return (BinaryPrimitives.ReadUInt64LittleEndian(name) | Lower8) == Transfer
                    && (BinaryPrimitives.ReadUInt64LittleEndian(name[8..]) | Lower8) == Encodin
                    && (name[16] | 0x20) == 'g'
                    ? Http1KnownHeader.TransferEncoding : Http1KnownHeader.Other;
            default:
                return Http1KnownHeader.Other;
        }
    }
}