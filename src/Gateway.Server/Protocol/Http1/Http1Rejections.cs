using System.Diagnostics;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// The status code and the short text answered for each <see cref="Http1RejectionReason"/>, in one table so the mapping
/// is reviewed in one place.
/// </summary>
internal static class Http1Rejections
{
    // Rules: 400 for anything malformed or ambiguous; 414 request line too long; 417 unknown expectation;
    // 431 header section too large; 501 features we do not implement (codings other than chunked, CONNECT);
    // 505 well-formed versions other than 1.0/1.1. The body text names the reason without echoing client bytes.
    private static readonly (int Status, byte[] Text)[] Table = Build();

    /// <summary>The status code to answer for <paramref name="reason"/>.</summary>
    public static int StatusCode(Http1RejectionReason reason) => Table[(int)reason].Status;

    /// <summary>The short plain-text description sent as the body of the rejection response.</summary>
    public static ReadOnlySpan<byte> Text(Http1RejectionReason reason) => Table[(int)reason].Text;

    private static (int, byte[])[] Build()
    {
        var table = new (int, byte[])[Enum.GetValues<Http1RejectionReason>().Length];
        Set(Http1RejectionReason.BareCarriageReturn, 400, "Bad Request: bare CR"u8);
        Set(Http1RejectionReason.BareLineFeed, 400, "Bad Request: lines must end with CRLF"u8);
        Set(Http1RejectionReason.TooManyLeadingEmptyLines, 400, "Bad Request: too many empty lines before the request line"u8);
        Set(Http1RejectionReason.InvalidMethod, 400, "Bad Request: invalid method"u8);
        Set(Http1RejectionReason.InvalidRequestLine, 400, "Bad Request: invalid request line"u8);
        Set(Http1RejectionReason.InvalidRequestTarget, 400, "Bad Request: invalid request target"u8);
        Set(Http1RejectionReason.AsteriskFormNotOptions, 400, "Bad Request: the asterisk form is only for OPTIONS"u8);
        Set(Http1RejectionReason.InvalidPathEncoding, 400, "Bad Request: invalid percent-encoding or UTF-8 in the path"u8);
        Set(Http1RejectionReason.ConnectNotSupported, 501, "Not Implemented: CONNECT and the authority form are not supported"u8);
        Set(Http1RejectionReason.InvalidVersion, 400, "Bad Request: invalid HTTP version"u8);
        Set(Http1RejectionReason.UnsupportedVersion, 505, "HTTP Version Not Supported: use HTTP/1.1 or HTTP/1.0"u8);
        Set(Http1RejectionReason.RequestLineTooLong, 414, "URI Too Long: the request line is too long"u8);
        Set(Http1RejectionReason.HeadersTooLarge, 431, "Request Header Fields Too Large: the header section is too large"u8);
        Set(Http1RejectionReason.TooManyHeaders, 431, "Request Header Fields Too Large: too many header fields"u8);
        Set(Http1RejectionReason.InvalidHeaderLine, 400, "Bad Request: invalid header line"u8);
        Set(Http1RejectionReason.InvalidHeaderName, 400, "Bad Request: invalid header name"u8);
        Set(Http1RejectionReason.WhitespaceBeforeColon, 400, "Bad Request: whitespace between a header name and its colon"u8);
        Set(Http1RejectionReason.ObsoleteLineFolding, 400, "Bad Request: obsolete line folding"u8);
        Set(Http1RejectionReason.InvalidHeaderValue, 400, "Bad Request: invalid character in a header value"u8);
        Set(Http1RejectionReason.InvalidContentLength, 400, "Bad Request: invalid Content-Length"u8);
        Set(Http1RejectionReason.DuplicateContentLength, 400, "Bad Request: more than one Content-Length"u8);
        Set(Http1RejectionReason.ContentLengthAndTransferEncoding, 400, "Bad Request: both Content-Length and Transfer-Encoding"u8);
        Set(Http1RejectionReason.InvalidTransferEncoding, 400, "Bad Request: invalid Transfer-Encoding"u8);
        Set(Http1RejectionReason.UnsupportedTransferEncoding, 501, "Not Implemented: only the chunked transfer coding is supported"u8);
        Set(Http1RejectionReason.TransferEncodingInHttp10, 400, "Bad Request: Transfer-Encoding in an HTTP/1.0 request"u8);
        Set(Http1RejectionReason.MissingHost, 400, "Bad Request: missing Host"u8);
        Set(Http1RejectionReason.DuplicateHost, 400, "Bad Request: more than one Host"u8);
        Set(Http1RejectionReason.InvalidHost, 400, "Bad Request: invalid Host"u8);
        Set(Http1RejectionReason.EmptyHost, 400, "Bad Request: empty Host"u8);
        Set(Http1RejectionReason.UnsupportedExpectation, 417, "Expectation Failed: only 100-continue is supported"u8);
        Set(Http1RejectionReason.InvalidChunkSize, 400, "Bad Request: invalid chunk size"u8);
        Set(Http1RejectionReason.InvalidChunkExtension, 400, "Bad Request: invalid chunk extension"u8);
        Set(Http1RejectionReason.ChunkExtensionTooLong, 400, "Bad Request: chunk extensions too long"u8);
        Set(Http1RejectionReason.InvalidChunkTerminator, 400, "Bad Request: chunk data not followed by CRLF"u8);
        Set(Http1RejectionReason.TrailersTooLarge, 431, "Request Header Fields Too Large: the trailer section is too large"u8);
        foreach (var entry in table)
        {
            Debug.Assert(entry.Item2 is not null, "every reason has a row");
        }

        return table;

        void Set(Http1RejectionReason reason, int status, ReadOnlySpan<byte> text) => table[(int)reason] = (status, text.ToArray());
    }
}