using Gateway.Server.Protocol.Http1;

namespace Gateway.Server.Tests.Protocol.Http1;

public class Http1HeaderSemanticsTests
{
    private static ParsedRequest Parse(string fields, string version = "HTTP/1.1") =>
        Http1Harness.Run($"POST / {version}\r\n{fields}\r\n").Requests[0];

    private static void Rejected(string fields, int status, Http1RejectionReason reason, string version = "HTTP/1.1") =>
        Http1Harness.AssertRejected($"POST / {version}\r\n{fields}\r\n", status, reason);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("5", 5)]
    [InlineData("007", 7)]
    [InlineData(" 12 ", 12)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Parses_content_length(string value, long length)
    {
        var request = Http1Harness.Run($"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: {value}\r\n\r\n").Requests[0];

        Assert.Equal(Http1BodyKind.ContentLength, request.BodyKind);
        Assert.Equal(length, request.ContentLength);
    }

    [Theory]
    [InlineData("")]
    [InlineData("+5")]
    [InlineData("-1")]
    [InlineData("5 5")]
    [InlineData("5,5")]
    [InlineData("5, 6")]
    [InlineData("0x10")]
    [InlineData("1e3")]
    [InlineData("5.0")]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999999")]
    public void Rejects_invalid_content_length(string value)
    {
        Rejected($"Host: a\r\nContent-Length: {value}\r\n", 400, Http1RejectionReason.InvalidContentLength);
    }

    [Theory]
    [InlineData("Content-Length: 5\r\nContent-Length: 5\r\n")]
    [InlineData("Content-Length: 5\r\ncontent-length: 6\r\n")]
    public void Rejects_duplicate_content_length(string fields)
    {
        Rejected("Host: a\r\n" + fields, 400, Http1RejectionReason.DuplicateContentLength);
    }

    [Theory]
    [InlineData("chunked")]
    [InlineData("Chunked")]
    [InlineData(" chunked ")]
    [InlineData("chunked,")]
    [InlineData(", chunked")]
    public void Accepts_a_final_chunked(string value)
    {
        var request = Http1Harness.Run($"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: {value}\r\n\r\n0\r\n\r\n").Requests[0];

        Assert.Equal(Http1BodyKind.Chunked, request.BodyKind);
        Assert.Equal(-1, request.ContentLength);
    }

    [Theory]
    [InlineData("Transfer-Encoding: gzip\r\n", 501, "UnsupportedTransferEncoding")]
    [InlineData("Transfer-Encoding: gzip, chunked\r\n", 501, "UnsupportedTransferEncoding")]
    [InlineData("Transfer-Encoding: identity\r\n", 501, "UnsupportedTransferEncoding")]
    [InlineData("Transfer-Encoding: chunked;x=1\r\n", 501, "UnsupportedTransferEncoding")]
    [InlineData("Transfer-Encoding: chunked, gzip\r\n", 400, "InvalidTransferEncoding")]
    [InlineData("Transfer-Encoding: chunked, chunked\r\n", 400, "InvalidTransferEncoding")]
    [InlineData("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", 400, "InvalidTransferEncoding")]
    [InlineData("Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n", 400, "InvalidTransferEncoding")]
    [InlineData("Transfer-Encoding: \r\n", 400, "InvalidTransferEncoding")]
    [InlineData("Transfer-Encoding: ,\r\n", 400, "InvalidTransferEncoding")]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400, "ContentLengthAndTransferEncoding")]
    [InlineData("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", 400, "ContentLengthAndTransferEncoding")]
    [InlineData("Content-Length: 5\r\nTransfer-Encoding: gzip\r\n", 400, "ContentLengthAndTransferEncoding")]
    public void Rejects_transfer_encodings_other_than_a_final_chunked(string fields, int status, string reason)
    {
        Rejected("Host: a\r\n" + fields, status, Enum.Parse<Http1RejectionReason>(reason));
    }

    [Fact]
    public void Rejects_transfer_encoding_in_http10()
    {
        Rejected("Transfer-Encoding: chunked\r\n", 400, Http1RejectionReason.TransferEncodingInHttp10, "HTTP/1.0");
    }

    [Fact]
    public void Requires_exactly_one_host_in_http11()
    {
        Rejected("X: 1\r\n", 400, Http1RejectionReason.MissingHost);
        Rejected("Host: a\r\nHost: a\r\n", 400, Http1RejectionReason.DuplicateHost);
        Rejected("Host: a\r\nHost: a\r\n", 400, Http1RejectionReason.DuplicateHost, "HTTP/1.0");
        Assert.Equal("a", Parse("Host: a\r\n", "HTTP/1.0").Authority);
    }

    [Fact]
    public void Rejects_an_empty_host_in_http11_but_not_in_http10()
    {
        // RFC 9112 §3.2: an HTTP/1.1 target is an http(s) URI, whose host is never empty (RFC 9110 §4.2.1).
        Rejected("Host:\r\n", 400, Http1RejectionReason.EmptyHost);
        Rejected("Host:   \r\n", 400, Http1RejectionReason.EmptyHost);
        Assert.Equal(string.Empty, Parse("Host:\r\n", "HTTP/1.0").Authority);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("example.com:8080")]
    [InlineData("EXAMPLE.com:")]
    [InlineData("127.0.0.1:80")]
    [InlineData("[::1]")]
    [InlineData("[::1]:443")]
    [InlineData("[v1.fe80::a+en1]")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("a%20b")]
    public void Accepts_valid_hosts(string host)
    {
        var request = Parse($"Host: {host}\r\n");

        Assert.Equal(host, request.Authority);
    }

    [Theory]
    [InlineData("exa mple.com")]
    [InlineData("user@example.com")]
    [InlineData("example.com:80a")]
    [InlineData("example.com:123456")]
    [InlineData("example.com:80:80")]
    [InlineData(":80")]
    [InlineData("[::1")]
    [InlineData("[]")]
    [InlineData("[::1]x")]
    [InlineData("exa/mple")]
    [InlineData("a%2")]
    [InlineData("a%zz")]
    [InlineData("caf\u00e9")]
    public void Rejects_invalid_hosts(string host)
    {
        Rejected($"Host: {host}\r\n", 400, Http1RejectionReason.InvalidHost);
    }

    [Theory]
    [InlineData("HTTP/1.1", "", true)]
    [InlineData("HTTP/1.1", "Connection: close\r\n", false)]
    [InlineData("HTTP/1.1", "Connection: Keep-Alive\r\n", true)]
    [InlineData("HTTP/1.1", "Connection: keep-alive, close\r\n", false)]
    [InlineData("HTTP/1.1", "Connection: x-custom, CLOSE\r\n", false)]
    [InlineData("HTTP/1.1", "Connection: keep-alive\r\nConnection: close\r\n", false)]
    [InlineData("HTTP/1.0", "", false)]
    [InlineData("HTTP/1.0", "Connection: keep-alive\r\n", true)]
    [InlineData("HTTP/1.0", "Connection: Keep-Alive, upgrade\r\n", true)]
    [InlineData("HTTP/1.0", "Connection: keep-alive, close\r\n", false)]
    [InlineData("HTTP/1.0", "Connection: close\r\n", false)]
    public void Decides_keep_alive_from_version_and_connection(string version, string fields, bool keepAlive)
    {
        Assert.Equal(keepAlive, Parse("Host: a\r\n" + fields, version).KeepAlive);
    }

    [Fact]
    public void Rejects_connection_options_that_are_not_tokens()
    {
        Rejected("Host: a\r\nConnection: clo\"se\r\n", 400, Http1RejectionReason.InvalidHeaderValue);
    }

    [Theory]
    [InlineData("HTTP/1.1", "Expect: 100-continue\r\n", true)]
    [InlineData("HTTP/1.1", "Expect: 100-Continue\r\n", true)]
    [InlineData("HTTP/1.1", "", false)]
    [InlineData("HTTP/1.0", "Expect: 100-continue\r\n", false)]
    public void Flags_expect_continue(string version, string fields, bool expect)
    {
        Assert.Equal(expect, Parse("Host: a\r\n" + fields, version).ExpectContinue);
    }

    [Theory]
    [InlineData("Expect: 200-ok\r\n")]
    [InlineData("Expect: 100-continue, foo\r\n")]
    [InlineData("Expect: 100-continue;x=1\r\n")]
    public void Rejects_other_expectations(string fields)
    {
        Rejected("Host: a\r\n" + fields, 417, Http1RejectionReason.UnsupportedExpectation);
    }

    [Theory]
    [InlineData("HTTP/1.1", "Connection: Upgrade\r\nUpgrade: websocket\r\n", true, true)]
    [InlineData("HTTP/1.1", "Connection: keep-alive, Upgrade\r\nUpgrade: WebSocket\r\n", true, true)]
    [InlineData("HTTP/1.1", "Connection: upgrade\r\nUpgrade: h2c\r\n", true, false)]
    [InlineData("HTTP/1.1", "Connection: upgrade\r\nUpgrade: foo/2, websocket\r\n", true, true)]
    [InlineData("HTTP/1.1", "Upgrade: websocket\r\n", false, false)]
    [InlineData("HTTP/1.1", "Connection: upgrade\r\n", false, false)]
    [InlineData("HTTP/1.0", "Connection: upgrade\r\nUpgrade: websocket\r\n", false, false)]
    public void Reports_upgrade_requests(string version, string fields, bool upgrade, bool webSocket)
    {
        var request = Parse("Host: a\r\n" + fields, version);

        Assert.Equal(upgrade, request.UpgradeRequested);
        Assert.Equal(webSocket, request.IsWebSocketUpgrade);
    }

    [Theory]
    [InlineData("TE: trailers\r\n", true)]
    [InlineData("TE: gzip;q=0.5, Trailers\r\n", true)]
    [InlineData("TE: trailers;q=1\r\n", true)]
    [InlineData("TE: gzip\r\n", false)]
    [InlineData("", false)]
    public void Reports_whether_the_client_accepts_trailers(string fields, bool accepts)
    {
        Assert.Equal(accepts, Parse("Host: a\r\n" + fields).AcceptsTrailers);
    }

    [Fact]
    public void Has_no_body_without_content_length_or_transfer_encoding()
    {
        var request = Parse("Host: a\r\n");

        Assert.Equal(Http1BodyKind.None, request.BodyKind);
        Assert.Equal(-1, request.ContentLength);
        Assert.True(request.BodyComplete);
    }

    [Theory]
    [InlineData(false, false, "None")]
    [InlineData(false, true, "ContentLength")]
    [InlineData(true, false, "Chunked")]
    public void The_request_framing_table_row_by_row(bool transferEncoding, bool contentLength, string kind)
    {
        Assert.Equal(Enum.Parse<Http1BodyKind>(kind), Http1RequestFraming.BodyKind(transferEncoding, contentLength));
    }

    [Fact]
    public void The_request_framing_table_rejects_both_headers()
    {
        var error = Assert.Throws<Http1BadRequestException>(() => Http1RequestFraming.BodyKind(true, true));

        Assert.Equal(Http1RejectionReason.ContentLengthAndTransferEncoding, error.Reason);
    }
}