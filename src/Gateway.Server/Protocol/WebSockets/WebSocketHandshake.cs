using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Server.Protocol.WebSockets;

// Rules (RFC 6455 sections 4.2.1 and 4.2.2), checked in this order; the first failure decides the response:
//   method is GET                                                                  400
//   HTTP/1.1                                                                       400  (RFC 8441's HTTP/2 CONNECT is another path)
//   Upgrade lists "websocket" (ASCII case-insensitive, on any line)                400
//   Connection lists "upgrade" (ASCII case-insensitive, on any line)               400
//   Sec-WebSocket-Version present once, exactly "13"                               426  with Sec-WebSocket-Version: 13
//   Sec-WebSocket-Key present once, base64 of exactly 16 bytes (24 characters,
//     canonical padding, no whitespace)                                            400
//   Sec-WebSocket-Protocol: every element of every line is a token                 400  (empty elements are skipped)
//   Origin, when present and AllowedOrigins is set, is one of them                 403  (absent: allowed, not a browser)
//   Sec-WebSocket-Extensions: permessage-deflate per PerMessageDeflateNegotiator   never fails; offers are declined instead
//
// The 101 response: status line, Upgrade, Connection, Sec-WebSocket-Accept (base64 of SHA-1 of key + GUID), the chosen
// subprotocol (one the client offered), the accepted extension, the connection's own lines (Date, Server), then the app's
// headers minus the ones the server owns (connection, upgrade, content-length, transfer-encoding, sec-websocket-*).

/// <summary>The server side of the WebSocket opening handshake: validating the upgrade request and writing the 101 (or the
/// refusal), without I/O.</summary>
internal static class WebSocketHandshake
{
    private const int KeyLength = 24;
    private const int AcceptLength = 28;

    /// <summary>The length of a <c>Sec-WebSocket-Accept</c> value.</summary>
    public const int AcceptKeyLength = AcceptLength;

    // RFC 6455 section 1.3.
    private static ReadOnlySpan<byte> AcceptGuid => "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8;

    /// <summary>Whether a request asks for a WebSocket (its <c>Upgrade</c> lists <c>websocket</c>): such a request goes
    /// to <see cref="Validate"/>, which answers every other malformation with an error status, instead of being served
    /// as plain HTTP.</summary>
    /// <param name="headers">The request headers.</param>
    /// <returns>Whether it is a WebSocket upgrade attempt.</returns>
    public static bool IsUpgradeRequest(Headers headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return WebSocketHeaderList.Contains(headers, "upgrade"u8, "websocket"u8);
    }

    /// <summary>Validates an upgrade request and negotiates its subprotocol list and compression.</summary>
    /// <param name="method">The request method.</param>
    /// <param name="httpVersion">The request's HTTP version.</param>
    /// <param name="headers">The request headers.</param>
    /// <param name="options">The server's WebSocket options (origins, compression).</param>
    /// <returns>The result: 101 with the key, subprotocols and negotiated compression, or the status to refuse with.</returns>
    public static WebSocketHandshakeResult Validate(string method, Version httpVersion, Headers headers, WebSocketProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(httpVersion);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(options);

        if (method != "GET")
        {
            return WebSocketHandshakeResult.Reject(400, "A WebSocket handshake must use GET.");
        }

        if (httpVersion.Major != 1 || httpVersion.Minor != 1)
        {
            return WebSocketHandshakeResult.Reject(400, "A WebSocket handshake must use HTTP/1.1.");
        }

        if (!WebSocketHeaderList.Contains(headers, "upgrade"u8, "websocket"u8))
        {
            return WebSocketHandshakeResult.Reject(400, "The Upgrade header must list 'websocket'.");
        }

        if (!WebSocketHeaderList.Contains(headers, "connection"u8, "upgrade"u8))
        {
            return WebSocketHandshakeResult.Reject(400, "The Connection header must list 'upgrade'.");
        }

        if (!TryGetSingle(headers, "sec-websocket-version"u8, out var version) || !version.Span.SequenceEqual("13"u8))
        {
            return WebSocketHandshakeResult.Reject(426, "Sec-WebSocket-Version must be 13.");
        }

        if (!TryGetSingle(headers, "sec-websocket-key"u8, out var key) || !IsValidKey(key.Span))
        {
            return WebSocketHandshakeResult.Reject(400, "Sec-WebSocket-Key must appear once and be the base64 of 16 bytes.");
        }

        if (!TryParseSubprotocols(headers, out var subprotocols))
        {
            return WebSocketHandshakeResult.Reject(400, "Sec-WebSocket-Protocol must be a list of tokens.");
        }

        if (options.AllowedOrigins is { } allowed && headers.TryGetValue("origin"u8, out var origin) && !IsAllowed(origin.Span, allowed))
        {
            return WebSocketHandshakeResult.Reject(403, "The Origin is not allowed.");
        }

        PerMessageDeflateParameters? deflate = PerMessageDeflateNegotiator.TryNegotiate(headers, options.Compression, out var parameters) ? parameters : null;
        return WebSocketHandshakeResult.Accept(key, subprotocols, deflate);
    }

    /// <summary>Computes <c>Sec-WebSocket-Accept</c>: base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")),
    /// allocating nothing.</summary>
    /// <param name="key">The <c>Sec-WebSocket-Key</c> value as received (24 bytes).</param>
    /// <param name="destination">At least <see cref="AcceptKeyLength"/> (28) bytes.</param>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 6455 mandates SHA-1 for the accept key; it proves the server speaks WebSocket, it protects nothing.")]
    public static void ComputeAcceptKey(ReadOnlySpan<byte> key, Span<byte> destination)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException("A Sec-WebSocket-Key is 24 bytes of base64.", nameof(key));
        }

        Span<byte> input = stackalloc byte[KeyLength + 36];
        key.CopyTo(input);
        AcceptGuid.CopyTo(input[KeyLength..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        Base64.EncodeToUtf8(hash, destination, out _, out _);
    }

    /// <summary>Writes the 101 Switching Protocols response head (ending with the empty line) for a valid handshake.</summary>
    /// <param name="output">Where to write (the connection's <c>PipeWriter</c>).</param>
    /// <param name="handshake">A valid result of <see cref="Validate"/>.</param>
    /// <param name="subprotocol">The subprotocol the app chose (<c>WebSocketAccept.Subprotocol</c>): one of
    /// <see cref="WebSocketHandshakeResult.Subprotocols"/>, or <see langword="null"/>.</param>
    /// <param name="appHeaders">The app's extra headers (<c>WebSocketAccept.Headers</c>), or <see langword="null"/>;
    /// those the server owns are left out.</param>
    /// <param name="serverHeaderLines">Complete header lines the connection adds, each ending with CRLF (its cached
    /// <c>Date</c>, <c>Server</c>), or empty.</param>
    /// <exception cref="InvalidOperationException">The handshake is not valid, or the subprotocol was not offered.</exception>
    public static void WriteAcceptResponse(
        IBufferWriter<byte> output,
        in WebSocketHandshakeResult handshake,
        string? subprotocol = null,
        Headers? appHeaders = null,
        ReadOnlySpan<byte> serverHeaderLines = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!handshake.IsValid)
        {
            WebSocketThrowHelper.ThrowHandshakeNotValid();
        }

        if (subprotocol is not null && !Offered(handshake.Subprotocols, subprotocol))
        {
            WebSocketThrowHelper.ThrowSubprotocolNotOffered(subprotocol);
        }

        output.Write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "u8);
        ComputeAcceptKey(handshake.Key.Span, output.GetSpan(AcceptLength));
        output.Advance(AcceptLength);
        output.Write("\r\n"u8);

        if (subprotocol is not null)
        {
            output.Write("Sec-WebSocket-Protocol: "u8);
            WriteAscii(output, subprotocol);
            output.Write("\r\n"u8);
        }

        if (handshake.Deflate is { } deflate)
        {
            output.Write("Sec-WebSocket-Extensions: "u8);
            deflate.WriteResponseValue(output);
            output.Write("\r\n"u8);
        }

        output.Write(serverHeaderLines);
        if (appHeaders is not null)
        {
            foreach (var header in appHeaders)
            {
                var name = header.Name.Span;
                if (IsServerOwned(name))
                {
                    continue;
                }

                // Headers holds only validated fields (token names, no CR/LF in values): safe to write as they are.
                output.Write(name);
                output.Write(": "u8);
                output.Write(header.Value.Span);
                output.Write("\r\n"u8);
            }
        }

        output.Write("\r\n"u8);
    }

    /// <summary>Writes the complete response refusing an invalid handshake: its status, <c>Connection: close</c>,
    /// <c>Sec-WebSocket-Version: 13</c> for a 426, and the reason as a short plain-text body. The connection closes
    /// after it.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="handshake">An invalid result of <see cref="Validate"/>.</param>
    /// <param name="serverHeaderLines">Complete header lines the connection adds (Date, Server), or empty.</param>
    public static void WriteRejectionResponse(IBufferWriter<byte> output, in WebSocketHandshakeResult handshake, ReadOnlySpan<byte> serverHeaderLines = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (handshake.IsValid)
        {
            WebSocketThrowHelper.ThrowHandshakeValid();
        }

        output.Write(handshake.StatusCode switch
        {
            426 => "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n"u8,
            403 => "HTTP/1.1 403 Forbidden\r\n"u8,
            _ => "HTTP/1.1 400 Bad Request\r\n"u8,
        });
        output.Write(serverHeaderLines);

        var body = handshake.Error ?? string.Empty;
        output.Write("Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "u8);
        Span<byte> digits = stackalloc byte[10];
        Utf8Formatter.TryFormat(body.Length, digits, out var written);
        output.Write(digits[..written]);
        output.Write("\r\n\r\n"u8);
        WriteAscii(output, body);
    }

    private static bool TryGetSingle(Headers headers, ReadOnlySpan<byte> name, out ReadOnlyMemory<byte> value)
    {
        value = default;
        var count = 0;
        foreach (var candidate in headers.GetValues(name))
        {
            value = candidate;
            count++;
        }

        return count == 1;
    }

    private static bool IsValidKey(ReadOnlySpan<byte> key)
    {
        // 16 bytes encode to exactly 24 characters ending in "=="; the decoder also rejects non-zero padding bits, and a
        // whitespace character (which it would skip) leaves fewer than 24 significant characters, so fewer than 16 bytes.
        Span<byte> decoded = stackalloc byte[18];
        return key.Length == KeyLength
            && Base64.DecodeFromUtf8(key, decoded, out _, out var written) == OperationStatus.Done
            && written == 16;
    }

    private static bool TryParseSubprotocols(Headers headers, out string[] subprotocols)
    {
        subprotocols = [];
        var list = (List<string>?)null;
        foreach (var value in headers.GetValues("sec-websocket-protocol"u8))
        {
            foreach (var element in new WebSocketHeaderList(value.Span))
            {
                if (!HeadersBuilder.IsValidName(element))
                {
                    return false;
                }

                (list ??= []).Add(Encoding.ASCII.GetString(element));
            }
        }

        if (list is not null)
        {
            subprotocols = [.. list];
        }

        return true;
    }

    private static bool IsAllowed(ReadOnlySpan<byte> origin, IReadOnlyList<string> allowed)
    {
        for (var i = 0; i < allowed.Count; i++)
        {
            if (Ascii.EqualsIgnoreCase(origin, allowed[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Offered(IReadOnlyList<string> offered, string subprotocol)
    {
        for (var i = 0; i < offered.Count; i++)
        {
            if (string.Equals(offered[i], subprotocol, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsServerOwned(ReadOnlySpan<byte> name) =>
        name.StartsWith("sec-websocket-"u8)
        || name.SequenceEqual("connection"u8)
        || name.SequenceEqual("upgrade"u8)
        || name.SequenceEqual("content-length"u8)
        || name.SequenceEqual("transfer-encoding"u8);

    private static void WriteAscii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        var written = Encoding.ASCII.GetBytes(text, span);
        output.Advance(written);
    }
}