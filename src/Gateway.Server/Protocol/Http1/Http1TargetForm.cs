namespace Gateway.Server.Protocol.Http1;

/// <summary>The form of a request target (RFC 9112 §3.2). The authority form is never produced: it is CONNECT's, and
/// this server is not a proxy (501).</summary>
internal enum Http1TargetForm
{
    /// <summary><c>/path?query</c>: the usual form.</summary>
    Origin,

    /// <summary><c>http://host:port/path?query</c>: the authority overrides Host.</summary>
    Absolute,

    /// <summary><c>*</c>, only with OPTIONS.</summary>
    Asterisk,
}