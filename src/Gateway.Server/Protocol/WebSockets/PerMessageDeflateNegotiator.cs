using System.Buffers;
using System.Text;

namespace Gateway.Server.Protocol.WebSockets;

// Rules (RFC 7692 section 7, RFC 6455 section 9.1):
//   Sec-WebSocket-Extensions may come on several lines; together they list offers in the client's order of preference.
//   extension = token *( OWS ";" OWS param ), param = token [ OWS "=" OWS ( token / quoted-string ) ]; a quoted value must
//   unquote to a token.
//   permessage-deflate parameters:
//     server_no_context_takeover          no value
//     client_no_context_takeover          no value
//     server_max_window_bits=N            value required: 8-15, decimal without leading zeros
//     client_max_window_bits[=N]          value optional: 8-15
//   An offer that is malformed, repeats a parameter, has an unknown parameter, a value where none belongs or a bad value is
//   declined, and the next offer is considered. Never a 400: declining an extension is always safe.
//   An offer with server_max_window_bits below 15 is declined too: .NET 10's DeflateStream cannot compress with a smaller
//   window (ZLibCompressionOptions.WindowLog arrives in .NET 11). Any client window is fine: a 15-bit inflater reads them all.
//   The first acceptable permessage-deflate offer wins; other extensions are ignored.
//   Response: permessage-deflate [; server_no_context_takeover] [; client_no_context_takeover] [; server_max_window_bits=15]
//     server_no_context_takeover          when offered (the server must then honor it) or configured
//     client_no_context_takeover          when offered (acknowledged) or configured (the server asks for it)
//     server_max_window_bits=15           when offered with 15 (accepting the parameter means stating a value)
//     client_max_window_bits=N            when offered with a value N, echoed: the client may use the window it offered
//                                         (clients such as .NET's refuse a response that leaves it out); offered
//                                         without a value, left out (the client keeps its full window)

/// <summary>Chooses the permessage-deflate parameters (RFC 7692) from a client's offers and the server's options.</summary>
internal static class PerMessageDeflateNegotiator
{
    /// <summary>The only window size .NET 10's <see cref="System.IO.Compression.DeflateStream"/> compresses with.</summary>
    public const int ServerWindowBits = 15;

    private const int MaxValueLength = 16;

    // tchar (RFC 9110 section 5.6.2).
    private static readonly SearchValues<byte> TokenBytes =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"u8);

    /// <summary>Picks the first acceptable permessage-deflate offer of a handshake request.</summary>
    /// <param name="requestHeaders">The request headers (every <c>sec-websocket-extensions</c> line is read).</param>
    /// <param name="options">The server's compression options.</param>
    /// <param name="parameters">The accepted parameters.</param>
    /// <returns>Whether compression was negotiated.</returns>
    public static bool TryNegotiate(Headers requestHeaders, WebSocketCompressionOptions options, out PerMessageDeflateParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(requestHeaders);
        ArgumentNullException.ThrowIfNull(options);
        parameters = default;
        if (!options.Enabled)
        {
            return false;
        }

        foreach (var value in requestHeaders.GetValues("sec-websocket-extensions"u8))
        {
            if (TryNegotiate(value.Span, options, out parameters))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Picks the first acceptable permessage-deflate offer of one <c>Sec-WebSocket-Extensions</c> value.</summary>
    /// <param name="value">The field value.</param>
    /// <param name="options">The server's compression options.</param>
    /// <param name="parameters">The accepted parameters.</param>
    /// <returns>Whether an offer was accepted.</returns>
    public static bool TryNegotiate(ReadOnlySpan<byte> value, WebSocketCompressionOptions options, out PerMessageDeflateParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(options);
        var i = 0;
        while (i < value.Length)
        {
            i = SkipWhitespace(value, i);
            if (i == value.Length)
            {
                break;
            }

            if (value[i] == ',')
            {
                i++; // an empty list element
                continue;
            }

            var offer = default(Offer);
            if (ParseExtension(value, ref i, ref offer))
            {
                i++; // past the comma (or the end)
                if (offer.IsPerMessageDeflate && !offer.Invalid
                    && offer.ServerMaxWindowBits is 0 or ServerWindowBits)
                {
                    parameters = new PerMessageDeflateParameters(
                        offer.ServerNoContextTakeover || options.ServerNoContextTakeover,
                        offer.ClientNoContextTakeover || options.ClientNoContextTakeover,
                        offer.ServerMaxWindowBits,
                        Math.Max(offer.ClientMaxWindowBits, 0));
                    return true;
                }
            }
            else
            {
                i = SkipPastElement(value, i);
            }
        }

        parameters = default;
        return false;
    }

    // Parses one extension up to the comma that ends it (or the end). False on a syntax error, with i where it was found.
    private static bool ParseExtension(ReadOnlySpan<byte> value, ref int i, ref Offer offer)
    {
        var name = ReadToken(value, ref i);
        if (name.IsEmpty)
        {
            return false;
        }

        offer.IsPerMessageDeflate = Ascii.EqualsIgnoreCase(name, PerMessageDeflateParameters.ExtensionName);
        Span<byte> buffer = stackalloc byte[MaxValueLength];
        i = SkipWhitespace(value, i);
        while (i < value.Length && value[i] == ';')
        {
            i = SkipWhitespace(value, i + 1);
            var parameter = ReadToken(value, ref i);
            if (parameter.IsEmpty)
            {
                return false;
            }

            i = SkipWhitespace(value, i);
            var hasValue = false;
            scoped ReadOnlySpan<byte> parameterValue = default;
            if (i < value.Length && value[i] == '=')
            {
                i = SkipWhitespace(value, i + 1);
                if (i < value.Length && value[i] == '"')
                {
                    if (!TryReadQuoted(value, ref i, buffer, out var length))
                    {
                        return false;
                    }

                    // Longer than any value permessage-deflate takes: keep it invalid without copying it.
                    parameterValue = length <= buffer.Length ? buffer[..length] : "\"\""u8;
                    if (length <= buffer.Length && (parameterValue.IsEmpty || parameterValue.ContainsAnyExcept(TokenBytes)))
                    {
                        return false; // RFC 6455 9.1: a quoted value must unquote to a token
                    }
                }
                else
                {
                    parameterValue = ReadToken(value, ref i);
                    if (parameterValue.IsEmpty)
                    {
                        return false;
                    }
                }

                hasValue = true;
                i = SkipWhitespace(value, i);
            }

            if (offer.IsPerMessageDeflate)
            {
                offer.Apply(parameter, hasValue, parameterValue);
            }
        }

        return i == value.Length || value[i] == ',';
    }

    private static ReadOnlySpan<byte> ReadToken(ReadOnlySpan<byte> value, scoped ref int i)
    {
        var length = value[i..].IndexOfAnyExcept(TokenBytes);
        var token = length < 0 ? value[i..] : value.Slice(i, length);
        i += token.Length;
        return token;
    }

    // Reads a quoted-string at value[i] (the opening quote), unescaping into buffer as far as it goes. length is the full
    // unescaped length, which may exceed the buffer.
    private static bool TryReadQuoted(ReadOnlySpan<byte> value, ref int i, Span<byte> buffer, out int length)
    {
        length = 0;
        for (i++; i < value.Length; i++)
        {
            var b = value[i];
            if (b == '"')
            {
                i++;
                return true;
            }

            if (b == '\\')
            {
                if (++i == value.Length)
                {
                    return false;
                }

                b = value[i];
            }

            if (length < buffer.Length)
            {
                buffer[length] = b;
            }

            length++;
        }

        return false; // no closing quote
    }

    // After a syntax error: skips to just past the next comma outside a quoted-string.
    private static int SkipPastElement(ReadOnlySpan<byte> value, int i)
    {
        var quoted = false;
        for (; i < value.Length; i++)
        {
            var b = value[i];
            if (quoted && b == '\\')
            {
                i++;
            }
            else if (b == '"')
            {
                quoted = !quoted;
            }
            else if (b == ',' && !quoted)
            {
                return i + 1;
            }
        }

        return value.Length;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> value, int i)
    {
        while (i < value.Length && value[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        return i;
    }

    // 8-15 in decimal without leading zeros, or 0 when invalid.
    private static int ParseWindowBits(ReadOnlySpan<byte> value) => value switch
    {
        [(byte)'8'] => 8,
        [(byte)'9'] => 9,
        [(byte)'1', >= (byte)'0' and <= (byte)'5'] => 10 + (value[1] - '0'),
        _ => 0,
    };

    // One permessage-deflate offer's parameters.
    private struct Offer
    {
        public bool IsPerMessageDeflate;
        public bool Invalid;
        public bool ServerNoContextTakeover;
        public bool ClientNoContextTakeover;
        public int ServerMaxWindowBits; // 0: absent
        public int ClientMaxWindowBits; // 0: absent, -1: present without a value

        public void Apply(ReadOnlySpan<byte> name, bool hasValue, ReadOnlySpan<byte> value)
        {
            if (Ascii.EqualsIgnoreCase(name, "server_no_context_takeover"u8))
            {
                Invalid |= hasValue || ServerNoContextTakeover;
                ServerNoContextTakeover = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "client_no_context_takeover"u8))
            {
                Invalid |= hasValue || ClientNoContextTakeover;
                ClientNoContextTakeover = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "server_max_window_bits"u8))
            {
                var bits = hasValue ? ParseWindowBits(value) : 0;
                Invalid |= bits == 0 || ServerMaxWindowBits != 0;
                ServerMaxWindowBits = bits;
            }
            else if (Ascii.EqualsIgnoreCase(name, "client_max_window_bits"u8))
            {
                var bits = hasValue ? ParseWindowBits(value) : -1;
                Invalid |= bits == 0 || ClientMaxWindowBits != 0;
                ClientMaxWindowBits = bits;
            }
            else
            {
                Invalid = true; // RFC 7692 7: decline an offer with a parameter not defined for it
            }
        }
    }
}