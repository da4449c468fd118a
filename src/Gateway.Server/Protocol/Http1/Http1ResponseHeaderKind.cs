namespace Gateway.Server.Protocol.Http1;

/// <summary>How the response writer treats an app's response field.</summary>
internal enum Http1ResponseHeaderKind
{
    /// <summary>Written as given.</summary>
    Other,

    /// <summary>Written as given; the server then does not add its own.</summary>
    Date,

    /// <summary>Written as given; the server then does not add its own.</summary>
    Server,

    /// <summary>Parsed and validated, then written by the server only where the framing allows it.</summary>
    ContentLength,

    /// <summary>Dropped: connection management and framing belong to the server (connection, keep-alive,
    /// proxy-connection, transfer-encoding, upgrade, te, trailer).</summary>
    HopByHop,
}