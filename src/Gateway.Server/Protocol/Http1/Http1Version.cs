namespace Gateway.Server.Protocol.Http1;

/// <summary>The request versions this server speaks; any other well-formed version is answered 505.</summary>
internal enum Http1Version
{
    /// <summary>HTTP/1.0: no Host required, no chunked requests, close unless keep-alive was asked for.</summary>
    Http10,

    /// <summary>HTTP/1.1: Host required, persistent unless close was asked for.</summary>
    Http11,
}