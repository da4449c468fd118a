namespace Gateway.Server.Protocol.Http1;

/// <summary>Why a request was rejected; <see cref="Http1Rejections"/> maps each reason to its status code and text.</summary>
internal enum Http1RejectionReason
{
    /// <summary>A CR not followed by LF.</summary>
    BareCarriageReturn,

    /// <summary>An LF not preceded by CR (we require CRLF everywhere: accepting a bare LF is a smuggling risk).</summary>
    BareLineFeed,

    /// <summary>More empty lines before the request line than a confused client would send.</summary>
    TooManyLeadingEmptyLines,

    /// <summary>The method is not a token.</summary>
    InvalidMethod,

    /// <summary>The request line is not exactly "method SP target SP version".</summary>
    InvalidRequestLine,

    /// <summary>The request target has a forbidden byte or does not parse.</summary>
    InvalidRequestTarget,

    /// <summary>The asterisk form with a method other than OPTIONS.</summary>
    AsteriskFormNotOptions,

    /// <summary>A path with an invalid percent-encoding, invalid UTF-8 once decoded, or an encoded NUL.</summary>
    InvalidPathEncoding,

    /// <summary>CONNECT or the authority form: this server is not a proxy.</summary>
    ConnectNotSupported,

    /// <summary>The version is not "HTTP/" DIGIT "." DIGIT.</summary>
    InvalidVersion,

    /// <summary>A well-formed version other than 1.0 and 1.1.</summary>
    UnsupportedVersion,

    /// <summary>The request line is longer than the limit.</summary>
    RequestLineTooLong,

    /// <summary>The header section is larger than the limit.</summary>
    HeadersTooLarge,

    /// <summary>More header fields than the limit.</summary>
    TooManyHeaders,

    /// <summary>A field line without a colon, or with an empty name.</summary>
    InvalidHeaderLine,

    /// <summary>A field name with a byte that is not a tchar.</summary>
    InvalidHeaderName,

    /// <summary>Whitespace between a field name and its colon.</summary>
    WhitespaceBeforeColon,

    /// <summary>A field line starting with whitespace (obsolete line folding).</summary>
    ObsoleteLineFolding,

    /// <summary>A field value with a control character other than HTAB.</summary>
    InvalidHeaderValue,

    /// <summary>A Content-Length that is not a single decimal number.</summary>
    InvalidContentLength,

    /// <summary>Content-Length more than once.</summary>
    DuplicateContentLength,

    /// <summary>Content-Length and Transfer-Encoding together (a request smuggling vector).</summary>
    ContentLengthAndTransferEncoding,

    /// <summary>A Transfer-Encoding where chunked is not the last coding, appears twice, or the list is malformed.</summary>
    InvalidTransferEncoding,

    /// <summary>A Transfer-Encoding other than chunked.</summary>
    UnsupportedTransferEncoding,

    /// <summary>Transfer-Encoding in an HTTP/1.0 request.</summary>
    TransferEncodingInHttp10,

    /// <summary>An HTTP/1.1 request without Host.</summary>
    MissingHost,

    /// <summary>Host more than once.</summary>
    DuplicateHost,

    /// <summary>A Host (or absolute-form authority) that is not host[:port].</summary>
    InvalidHost,

    /// <summary>An empty Host on HTTP/1.1: an http(s) URI cannot have an empty host (RFC 9110 §4.2.1, RFC 9112 §3.2).</summary>
    EmptyHost,

    /// <summary>An Expect other than 100-continue.</summary>
    UnsupportedExpectation,

    /// <summary>A chunk size that is not 1 to 16 hex digits or overflows.</summary>
    InvalidChunkSize,

    /// <summary>A chunk extension that does not follow the grammar.</summary>
    InvalidChunkExtension,

    /// <summary>Chunk extensions longer than the limit.</summary>
    ChunkExtensionTooLong,

    /// <summary>Chunk data not followed by CRLF.</summary>
    InvalidChunkTerminator,

    /// <summary>The trailer section is larger than the limit or has too many fields.</summary>
    TrailersTooLarge,
}