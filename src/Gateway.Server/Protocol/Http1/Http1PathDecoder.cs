using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// Percent-decodes a request path into the string apps see as <c>Scope.Path</c>, as ASGI servers do: every %XX is
/// decoded, %2F included (the undecoded bytes stay available as the raw path). The result must be valid UTF-8, and
/// %00 is refused: a NUL in a path string only ever serves to confuse file-system or native code further down.
/// </summary>
internal static class Http1PathDecoder
{
    private const int StackLimit = 256;

    /// <summary>Decodes <paramref name="rawPath"/>, whose bytes the caller validated as path characters (ASCII).</summary>
    /// <exception cref="Http1BadRequestException">Invalid %XX, %00 or invalid UTF-8 (400).</exception>
    public static string Decode(ReadOnlySpan<byte> rawPath)
    {
        var percent = rawPath.IndexOf(Http1Bytes.Percent);
        if (percent < 0)
        {
            // Validated path bytes are ASCII, so this is a straight widening copy.
            return Encoding.ASCII.GetString(rawPath);
        }

        byte[]? rented = null;
        var buffer = rawPath.Length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(rawPath.Length));
        try
        {
            var length = DecodeInto(rawPath, percent, buffer);
            var decoded = buffer[..length];
            if (!Utf8.IsValid(decoded))
            {
                Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidPathEncoding);
            }

            return Encoding.UTF8.GetString(decoded);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int DecodeInto(ReadOnlySpan<byte> source, int firstPercent, Span<byte> destination)
    {
        source[..firstPercent].CopyTo(destination);
        var written = firstPercent;
        var i = firstPercent;
        while (i < source.Length)
        {
            var b = source[i];
            if (b != Http1Bytes.Percent)
            {
                destination[written++] = b;
                i++;
                continue;
            }

            if (i + 2 >= source.Length)
            {
                Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidPathEncoding);
            }

            var high = Http1Bytes.HexValue(source[i + 1]);
            var low = Http1Bytes.HexValue(source[i + 2]);
            var value = (high << 4) | low;
            if (high < 0 || low < 0 || value == 0)
            {
                Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidPathEncoding);
            }

            destination[written++] = (byte)value;
            i += 3;
        }

        return written;
    }
}