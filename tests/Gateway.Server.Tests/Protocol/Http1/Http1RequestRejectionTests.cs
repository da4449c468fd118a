using Gateway.Server.Protocol.Http1;

namespace Gateway.Server.Tests.Protocol.Http1;

public class Http1RequestRejectionTests
{
    public static TheoryData<string, int, string> Rejections => new()
    {
        // Line endings: strict CRLF everywhere.
        { "GET / HTTP/1.1\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.BareLineFeed) },
        { "GET / HTTP/1.1\r\nHost: a\n\r\n", 400, nameof(Http1RejectionReason.BareLineFeed) },
        { "GET / HTTP/1.1\r\nHost: a\r\n\n", 400, nameof(Http1RejectionReason.BareLineFeed) },
        { "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.BareLineFeed) },
        { "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400, nameof(Http1RejectionReason.BareCarriageReturn) },
        { "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.BareCarriageReturn) },
        { "GET / HTTP/1.1\r\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.BareCarriageReturn) },
        { "GET / HTTP/1.1\r\nX\r: a\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.BareCarriageReturn) },
        { "GET / HTTP/1.1\r\nHost: a\r\n\r\r\n", 400, nameof(Http1RejectionReason.BareCarriageReturn) },
        { "\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.TooManyLeadingEmptyLines) },

        // Request line shape: exactly one SP between three non-empty parts.
        { "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestLine) },
        { "GET /  HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestLine) },
        { "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestLine) },
        { " GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestLine) },
        { "GET /\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestLine) },
        { "GET\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidMethod) },
        { "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidMethod) },
        { "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidMethod) },
        { "GE\u00c9T / HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidMethod) },
        { "G\0T / HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidMethod) },

        // Versions.
        { "GET / HTTP/1.2\r\nHost: a\r\n\r\n", 505, nameof(Http1RejectionReason.UnsupportedVersion) },
        { "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505, nameof(Http1RejectionReason.UnsupportedVersion) },
        { "GET / HTTP/0.9\r\nHost: a\r\n\r\n", 505, nameof(Http1RejectionReason.UnsupportedVersion) },
        { "GET / HTTP/1.10\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidVersion) },
        { "GET / http/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidVersion) },
        { "GET / HTTP/1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidVersion) },
        { "GET / HTTP/a.b\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidVersion) },
        { "GET / HTTPS/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidVersion) },

        // Targets.
        { "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestLine) },
        { "GET /a\"b HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "GET /a<b> HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "GET /a\\b HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "GET /\u007f HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "GET /?a\"b HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "GET /?a#b HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "GET index.html HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "GET ftp://example.com/ HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "GET http:///path HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "GET http://user@example.com/ HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "GET http://exa mple.com/ HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestLine) },
        { "GET http://example.com/a\"b HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.AsteriskFormNotOptions) },
        { "OPTIONS *x HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidRequestTarget) },
        { "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 501, nameof(Http1RejectionReason.ConnectNotSupported) },
        { "CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n", 501, nameof(Http1RejectionReason.ConnectNotSupported) },
        { "GET example.com:443 HTTP/1.1\r\nHost: a\r\n\r\n", 501, nameof(Http1RejectionReason.ConnectNotSupported) },

        // Percent-encoding and UTF-8 in the path.
        { "GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidPathEncoding) },
        { "GET /%4 HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidPathEncoding) },
        { "GET /a% HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidPathEncoding) },
        { "GET /%00 HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidPathEncoding) },
        { "GET /%C3 HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidPathEncoding) },
        { "GET /%FF%FE HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidPathEncoding) },
        { "GET /%C0%AF HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidPathEncoding) },
        { "GET /%ED%A0%80 HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidPathEncoding) },
        { "GET http://a/%zz HTTP/1.1\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidPathEncoding) },

        // Field lines.
        { "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400, nameof(Http1RejectionReason.WhitespaceBeforeColon) },
        { "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", 400, nameof(Http1RejectionReason.WhitespaceBeforeColon) },
        { "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400, nameof(Http1RejectionReason.ObsoleteLineFolding) },
        { "GET / HTTP/1.1\r\nHost: a\r\n\tfolded\r\n\r\n", 400, nameof(Http1RejectionReason.ObsoleteLineFolding) },
        { "GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400, nameof(Http1RejectionReason.ObsoleteLineFolding) },
        { "GET / HTTP/1.1\r\n: a\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidHeaderLine) },
        { "GET / HTTP/1.1\r\nNoColon\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidHeaderLine) },
        { "GET / HTTP/1.1\r\nBad(Name): a\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidHeaderName) },
        { "GET / HTTP/1.1\r\nBad Name: a\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidHeaderName) },
        { "GET / HTTP/1.1\r\nN\u00e4me: a\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidHeaderName) },
        { "GET / HTTP/1.1\r\nX: a\0b\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidHeaderValue) },
        { "GET / HTTP/1.1\r\nX: a\u0001b\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidHeaderValue) },
        { "GET / HTTP/1.1\r\nX: a\u007fb\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidHeaderValue) },
        { "GET / HTTP/1.1\r\nX: \u001b[31m\r\nHost: a\r\n\r\n", 400, nameof(Http1RejectionReason.InvalidHeaderValue) },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Rejects_with_the_right_status(string input, int status, string reason)
    {
        Http1Harness.AssertRejected(input, status, Enum.Parse<Http1RejectionReason>(reason));
    }

    [Fact]
    public void The_exception_carries_the_status_and_a_message()
    {
        var error = new Http1BadRequestException(Http1RejectionReason.UnsupportedVersion);

        Assert.Equal(505, error.StatusCode);
        Assert.Contains("HTTP Version Not Supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_reason_has_an_error_status_and_text()
    {
        foreach (var reason in Enum.GetValues<Http1RejectionReason>())
        {
            Assert.InRange(Http1Rejections.StatusCode(reason), 400, 505);
            Assert.False(Http1Rejections.Text(reason).IsEmpty);
        }
    }
}