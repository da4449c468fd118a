using System.Text;

using Gateway.Server.Protocol.Http1;

namespace Gateway.Server.Tests.Protocol.Http1;

public class Http1LimitsTests
{
    [Fact]
    public void Accepts_a_request_line_exactly_at_the_limit()
    {
        var prefix = "GET /";
        var suffix = " HTTP/1.1\r\n";
        var path = new string('a', 8192 - prefix.Length - suffix.Length);
        var request = Http1Harness.Run($"{prefix}{path}{suffix}Host: a\r\n\r\n").Single();

        Assert.Equal(8192 - "GET ".Length - suffix.Length, request.Path.Length);
    }

    [Fact]
    public void Rejects_a_request_line_over_the_limit_with414()
    {
        var path = new string('a', 8192 - "GET / HTTP/1.1\r\n".Length + 1);
        Http1Harness.AssertRejected($"GET /{path} HTTP/1.1\r\nHost: a\r\n\r\n", 414, Http1RejectionReason.RequestLineTooLong);
    }

    [Fact]
    public void Rejects_a_huge_method_with400_not_as_a_long_uri()
    {
        // A method is not a URI: 414 would tell the client to shorten a URI it never sent.
        var method = new string('M', 100 * 1024);
        Http1Harness.AssertRejected($"{method} / HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1RejectionReason.InvalidMethod);

        // Ended by a SP within the limit's reach, but still the bulk of the line.
        var limits = new Http1ParserLimits { MaxRequestLineSize = 64 };
        Http1Harness.AssertRejected(new string('M', 60) + " / HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1RejectionReason.InvalidMethod, limits);

        // Found by fuzzing: a method whose SP lies past the limit, before a long target, was 414 when the line arrived
        // whole and 400 when trickled; only the first MaxRequestLineSize bytes decide now, so every delivery agrees.
        Http1Harness.AssertRejected(new string('M', 70) + " /" + new string('a', 200) + " HTTP/1.1\r\nHost: a\r\n\r\n", 400, Http1RejectionReason.InvalidMethod, limits);

        // An extension method within the limits goes to the app, as any token does.
        Assert.Equal("MKCALENDAR", Http1Harness.Run("MKCALENDAR / HTTP/1.1\r\nHost: a\r\n\r\n").Single().Method);
    }

    [Fact]
    public void Rejects_an_unterminated_request_line_once_it_passes_the_limit()
    {
        var limits = new Http1ParserLimits { MaxRequestLineSize = 64 };
        Http1Harness.AssertRejected("GET /" + new string('a', 100), 414, Http1RejectionReason.RequestLineTooLong, limits);

        // Below the limit an unterminated line is simply incomplete.
        Assert.Equal("head", Http1Harness.Run("GET /" + new string('a', 50), limits).End);
    }

    [Fact]
    public void Rejects_too_many_header_fields_with431()
    {
        var fields = string.Concat(Enumerable.Range(0, 100).Select(i => $"X-{i}: {i}\r\n"));
        Assert.Equal(100, Http1Harness.Run($"GET / HTTP/1.0\r\n{fields}\r\n").Single().HeaderCount);

        Http1Harness.AssertRejected($"GET / HTTP/1.0\r\n{fields}X: y\r\n\r\n", 431, Http1RejectionReason.TooManyHeaders);
    }

    [Fact]
    public void Counts_every_header_byte_against_the_total_limit()
    {
        var limits = new Http1ParserLimits { MaxRequestHeadersTotalSize = 64 };
        // "Host: a\r\n" (9) + "X: <value>\r\n" + "\r\n" (2) = 64 exactly.
        var fits = $"Host: a\r\nX: {new string('v', 64 - 9 - 2 - 5)}\r\n\r\n";
        Assert.Equal(64, fits.Length);
        Http1Harness.Run("GET / HTTP/1.1\r\n" + fits, limits).Single();

        var over = $"Host: a\r\nX: {new string('v', 64 - 9 - 2 - 5 + 1)}\r\n\r\n";
        Http1Harness.AssertRejected("GET / HTTP/1.1\r\n" + over, 431, Http1RejectionReason.HeadersTooLarge, limits);
    }

    [Fact]
    public void Rejects_an_unterminated_header_line_once_it_passes_the_limit()
    {
        var limits = new Http1ParserLimits { MaxRequestHeadersTotalSize = 128 };
        Http1Harness.AssertRejected("GET / HTTP/1.1\r\nHost: a\r\nX: " + new string('v', 200), 431, Http1RejectionReason.HeadersTooLarge, limits);
    }

    [Fact]
    public void Rejects_a_header_section_over_the_default32_ki_b()
    {
        var builder = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
        for (var i = 0; i < 40; i++)
        {
            builder.Append("X: ").Append('v', 1000).Append("\r\n");
        }

        Http1Harness.AssertRejected(builder.Append("\r\n").ToString(), 431, Http1RejectionReason.HeadersTooLarge);
    }

    [Fact]
    public void The_limits_apply_per_request()
    {
        var limits = new Http1ParserLimits { MaxRequestHeadersTotalSize = 40, MaxRequestHeaderCount = 2 };
        var request = "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1234567890\r\n\r\n";

        var transcript = Http1Harness.Run(request + request + request, limits);

        Assert.Null(transcript.Error);
        Assert.Equal(3, transcript.Requests.Count);
    }
}