namespace Gateway.Server.Protocol.Http1;

/// <summary>How a request body is delimited (RFC 9112 §6.3), as <see cref="Http1RequestFraming"/> decides it.</summary>
internal enum Http1BodyKind
{
    /// <summary>No body.</summary>
    None,

    /// <summary>Exactly <see cref="Http1RequestHead.ContentLength"/> bytes; read with <see cref="Http1ContentLengthDecoder"/>.</summary>
    ContentLength,

    /// <summary>The chunked transfer coding; read with <see cref="Http1ChunkedDecoder"/>.</summary>
    Chunked,
}