namespace Gateway.Server.Protocol.Http1;

/// <summary>How response body bytes go on the wire.</summary>
internal enum Http1ResponseBodyFraming
{
    /// <summary>No body bytes are written (HEAD, 1xx, 204, 304): whatever the app sends is discarded.</summary>
    None,

    /// <summary>Exactly the content-length's bytes, written as they are.</summary>
    ContentLength,

    /// <summary>The chunked transfer coding (HTTP/1.1, length unknown or trailers).</summary>
    Chunked,

    /// <summary>Bytes as they are, ended by closing the connection (HTTP/1.0 without a known length).</summary>
    CloseDelimited,
}