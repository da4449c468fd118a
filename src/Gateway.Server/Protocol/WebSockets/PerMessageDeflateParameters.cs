using System.Buffers;
using System.Text;

namespace Gateway.Server.Protocol.WebSockets;

/// <summary>
/// The permessage-deflate settings (RFC 7692) the server accepted in the handshake: they configure the
/// <see cref="WebSocketFrameReader"/> (inflating) and <see cref="WebSocketFrameWriter"/> (deflating) of the connection
/// and are echoed in the 101's <c>Sec-WebSocket-Extensions</c>.
/// </summary>
/// <param name="ServerNoContextTakeover">The server resets its compressor after every message (so it holds no zlib
/// state between messages).</param>
/// <param name="ClientNoContextTakeover">The client resets its compressor after every message, so the server may drop
/// its decompressor between messages.</param>
/// <param name="ServerMaxWindowBits">The <c>server_max_window_bits</c> value to state in the response (always 15: see
/// <see cref="PerMessageDeflateNegotiator"/>), or 0 to leave it out.</param>
/// <param name="ClientMaxWindowBits">The <c>client_max_window_bits</c> value to state in the response: the value the client
/// offered (the server's 15-bit inflater reads any smaller window), or 0 to leave it out.</param>
internal readonly record struct PerMessageDeflateParameters(bool ServerNoContextTakeover, bool ClientNoContextTakeover, int ServerMaxWindowBits, int ClientMaxWindowBits = 0)
{
    /// <summary>The extension's name token.</summary>
    public static ReadOnlySpan<byte> ExtensionName => "permessage-deflate"u8;

    /// <summary>Writes the <c>Sec-WebSocket-Extensions</c> response value, e.g.
    /// <c>permessage-deflate; server_no_context_takeover</c>.</summary>
    /// <param name="output">Where to write it.</param>
    public void WriteResponseValue(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(ExtensionName);
        if (ServerNoContextTakeover)
        {
            output.Write("; server_no_context_takeover"u8);
        }

        if (ClientNoContextTakeover)
        {
            output.Write("; client_no_context_takeover"u8);
        }

        if (ServerMaxWindowBits != 0)
        {
            output.Write("; server_max_window_bits="u8);
            WriteBits(output, ServerMaxWindowBits);
        }

        if (ClientMaxWindowBits != 0)
        {
            output.Write("; client_max_window_bits="u8);
            WriteBits(output, ClientMaxWindowBits);
        }
    }

    private static void WriteBits(IBufferWriter<byte> output, int bits)
    {
        Span<byte> digits = stackalloc byte[2];
        var length = bits >= 10 ? 2 : 1;
        if (length == 2)
        {
            digits[0] = (byte)('0' + (bits / 10));
        }

        digits[length - 1] = (byte)('0' + (bits % 10));
        output.Write(digits[..length]);
    }

    /// <summary>The response value as a string (for tests and logs).</summary>
    /// <returns>The header value.</returns>
    public override string ToString()
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        WriteResponseValue(buffer);
        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }
}