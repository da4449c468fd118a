namespace Gateway.Server.Protocol.WebSockets;

/// <summary>Frame opcodes of RFC 6455 section 5.2. Every other value (3-7, 0xB-0xF) is reserved and fails the connection.</summary>
internal enum WebSocketOpcode : byte
{
    /// <summary>A later fragment of a fragmented message.</summary>
    Continuation = 0x0,

    /// <summary>The first frame of a text message (UTF-8).</summary>
    Text = 0x1,

    /// <summary>The first frame of a binary message.</summary>
    Binary = 0x2,

    /// <summary>Starts the closing handshake.</summary>
    Close = 0x8,

    /// <summary>Asks the peer for a pong with the same payload.</summary>
    Ping = 0x9,

    /// <summary>Answers a ping, or is an unsolicited heartbeat.</summary>
    Pong = 0xA,
}