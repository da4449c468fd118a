namespace Gateway.Server.Protocol.Http1;

/// <summary>The request fields whose meaning the HTTP/1.1 layer needs (framing, connection management); every other
/// field is <see cref="Other"/> and only stored.</summary>
internal enum Http1KnownHeader
{
    Other,
    ContentLength,
    TransferEncoding,
    Host,
    Connection,
    Expect,
    Upgrade,
    TE,
}