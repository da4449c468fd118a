using System.Text;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// Every status line from 100 to 599 as ready bytes (<c>HTTP/1.1 200 OK\r\n</c>), built once, so writing one is a copy.
/// Responses always say HTTP/1.1, even to HTTP/1.0 clients: a server sends its own highest version (RFC 9110 §2.5).
/// Codes without a registered reason phrase get their class's generic one ("Client Error" ...).
/// </summary>
internal static class Http1StatusLines
{
    private const int First = 100;
    private const int Last = 599;

    private static readonly byte[][] Lines = Build();

    /// <summary>The status line for <paramref name="status"/>, CRLF included.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="status"/> is not within 100-599.</exception>
    public static ReadOnlySpan<byte> Get(int status)
    {
        if ((uint)(status - First) > Last - First)
        {
            Http1ThrowHelper.ThrowInvalidOperation($"{status} is not an HTTP status code (100-599).");
        }

        return Lines[status - First];
    }

    /// <summary>The reason phrase sent for <paramref name="status"/>.</summary>
    public static string ReasonPhrase(int status) => status switch
    {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        < 200 => "Informational",
        < 300 => "Success",
        < 400 => "Redirection",
        < 500 => "Client Error",
        _ => "Server Error",
    };

    private static byte[][] Build()
    {
        var lines = new byte[Last - First + 1][];
        for (var status = First; status <= Last; status++)
        {
            lines[status - First] = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {ReasonPhrase(status)}\r\n");
        }

        return lines;
    }
}