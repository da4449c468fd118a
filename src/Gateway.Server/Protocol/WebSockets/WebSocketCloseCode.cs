namespace Gateway.Server.Protocol.WebSockets;

/// <summary>
/// Close codes of RFC 6455 section 7.4 and the IANA registry, and the rules for which may appear on the wire.
/// </summary>
/// <remarks>
/// <para>Valid on the wire (sent or received): 1000-1003, 1007-1014 (1012-1014 are IANA registrations after RFC 6455) and
/// 3000-4999 (libraries, frameworks and applications). 1004 is reserved; 1005, 1006 and 1015 only describe what happened
/// locally and must never be put in a close frame; 0-999 and 1016-2999 are unassigned.</para>
/// <para>Local conditions map as: close frame without a payload → <see cref="NoStatusReceived"/> (1005); connection lost
/// without a close frame → <see cref="AbnormalClosure"/> (1006). Both are what <c>WebSocketDisconnect.Code</c> reports.</para>
/// </remarks>
internal static class WebSocketCloseCode
{
    /// <summary>1000: the purpose of the connection was fulfilled.</summary>
    public const int NormalClosure = 1000;

    /// <summary>1001: the endpoint is going away (server shutdown, page navigation).</summary>
    public const int GoingAway = 1001;

    /// <summary>1002: a protocol error (bad framing, unmasked client frame, reserved bits or opcodes ...).</summary>
    public const int ProtocolError = 1002;

    /// <summary>1003: a data type the endpoint cannot accept.</summary>
    public const int UnsupportedData = 1003;

    /// <summary>1005: local only; the close frame carried no code.</summary>
    public const int NoStatusReceived = 1005;

    /// <summary>1006: local only; the connection ended without a close frame.</summary>
    public const int AbnormalClosure = 1006;

    /// <summary>1007: data inconsistent with the message type (invalid UTF-8 in text, corrupt compressed data).</summary>
    public const int InvalidPayloadData = 1007;

    /// <summary>1008: a generic policy violation.</summary>
    public const int PolicyViolation = 1008;

    /// <summary>1009: a message too big to process (over the configured maximum).</summary>
    public const int MessageTooBig = 1009;

    /// <summary>1010: (client) an extension the client needs was not negotiated.</summary>
    public const int MandatoryExtension = 1010;

    /// <summary>1011: an unexpected condition on the server (an app exception, for example).</summary>
    public const int InternalError = 1011;

    /// <summary>1015: local only; the TLS handshake failed.</summary>
    public const int TlsHandshakeFailure = 1015;

    /// <summary>Whether <paramref name="code"/> may appear in a close frame, in either direction: 1000-1003, 1007-1014 and
    /// 3000-4999. A received close frame with any other code fails the connection with 1002.</summary>
    /// <param name="code">The code.</param>
    /// <returns>Whether it is valid on the wire.</returns>
    public static bool IsValidOnWire(int code) => code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999);
}