using System.Buffers;
using System.Text;

using Gateway.Server.Protocol.Http1;

namespace Gateway.Server.Tests.Protocol.Http1;

public class Http1RequestParserTests
{
    [Fact]
    public void Parses_a_typical_get()
    {
        var request = Http1Harness.Run(
            "GET /index.html?a=1&b=2 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test/1.0\r\nAccept: */*\r\n\r\n").Single();

        Assert.Same(Http1Methods.Get, request.Method);
        Assert.Equal(Http1Version.Http11, request.Version);
        Assert.Equal(Http1TargetForm.Origin, request.Form);
        Assert.Equal("/index.html?a=1&b=2", request.RawTarget);
        Assert.Equal("/index.html", request.RawPath);
        Assert.Equal("/index.html", request.Path);
        Assert.Equal("a=1&b=2", request.Query);
        Assert.Equal("example.com", request.Authority);
        Assert.Equal(Http1BodyKind.None, request.BodyKind);
        Assert.Equal(-1, request.ContentLength);
        Assert.True(request.KeepAlive);
        Assert.False(request.ExpectContinue);
        Assert.False(request.UpgradeRequested);
        Assert.Equal(3, request.HeaderCount);
        Assert.Equal(["host: example.com", "user-agent: test/1.0", "accept: */*"], request.Headers.Select(h => h.ToString()));
        Assert.True(request.BodyComplete);
    }

    [Fact]
    public void Parses_the_tech_empower_plaintext_request()
    {
        var request = Http1Harness.Run(
            "GET /plaintext HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7\r\nConnection: keep-alive\r\n\r\n").Single();

        Assert.Equal("/plaintext", request.Path);
        Assert.True(request.KeepAlive);
        Assert.Equal(3, request.Headers.Count);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    [InlineData("PATCH")]
    public void Interns_the_standard_methods(string method)
    {
        var request = Http1Harness.Run($"{method} / HTTP/1.1\r\nHost: a\r\n\r\n").Single();

        Assert.Equal(method, request.Method);
        Assert.Same(string.IsInterned(method), request.Method);
    }

    [Theory]
    [InlineData("PROPFIND")]
    [InlineData("M-SEARCH")]
    [InlineData("get")]
    [InlineData("X!#$%&'*+.^_`|~1")]
    public void Accepts_extension_method_tokens(string method)
    {
        var request = Http1Harness.Run($"{method} / HTTP/1.1\r\nHost: a\r\n\r\n").Single();

        Assert.Equal(method, request.Method);
    }

    [Fact]
    public void Reuses_the_extension_method_string_on_a_connection()
    {
        var transcript = Http1Harness.Run("PROPFIND / HTTP/1.1\r\nHost: a\r\n\r\nPROPFIND /x HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Same(transcript.Requests[0].Method, transcript.Requests[1].Method);
    }

    [Fact]
    public void Parses_http10_without_host()
    {
        var request = Http1Harness.Run("GET / HTTP/1.0\r\n\r\n").Single();

        Assert.Equal(Http1Version.Http10, request.Version);
        Assert.False(request.KeepAlive);
        Assert.Equal(string.Empty, request.Authority);
    }

    [Fact]
    public void Parses_the_absolute_form_and_lets_its_authority_override_host()
    {
        var request = Http1Harness.Run("GET http://example.com:8080/a%20b?q=1 HTTP/1.1\r\nHost: other.example\r\n\r\n").Single();

        Assert.Equal(Http1TargetForm.Absolute, request.Form);
        Assert.Equal("example.com:8080", request.Authority);
        Assert.Equal("/a%20b", request.RawPath);
        Assert.Equal("/a b", request.Path);
        Assert.Equal("q=1", request.Query);
        Assert.Equal("http://example.com:8080/a%20b?q=1", request.RawTarget);
        Assert.Equal("other.example", request.Headers.GetValue("host"));
    }

    [Theory]
    [InlineData("http://example.com", "/", "")]
    [InlineData("HTTPS://example.com?x=1", "/", "x=1")]
    [InlineData("http://[::1]:80/p", "/p", "")]
    [InlineData("https://127.0.0.1/", "/", "")]
    public void Parses_absolute_forms_without_a_path(string target, string path, string query)
    {
        var request = Http1Harness.Run($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n").Single();

        Assert.Equal(Http1TargetForm.Absolute, request.Form);
        Assert.Equal(path, request.Path);
        Assert.Equal(path, request.RawPath);
        Assert.Equal(query, request.Query);
    }

    [Fact]
    public void Parses_options_asterisk()
    {
        var request = Http1Harness.Run("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").Single();

        Assert.Equal(Http1TargetForm.Asterisk, request.Form);
        Assert.Equal("*", request.Path);
        Assert.Equal("*", request.RawPath);
        Assert.Equal(string.Empty, request.Query);
    }

    [Theory]
    [InlineData("/a%2Fb", "/a/b")]
    [InlineData("/caf%C3%A9", "/café")]
    [InlineData("/%E2%82%AC/%F0%9F%98%80", "/€/😀")]
    [InlineData("/a%20b%2520", "/a b%20")]
    [InlineData("/%7e%7E", "/~~")]
    [InlineData("/plain/path", "/plain/path")]
    [InlineData("/a;b=c:d@e!$&'()*+,", "/a;b=c:d@e!$&'()*+,")]
    [InlineData("/[x]|^", "/[x]|^")]
    public void Percent_decodes_the_path(string rawPath, string path)
    {
        var request = Http1Harness.Run($"GET {rawPath}?%2F HTTP/1.1\r\nHost: a\r\n\r\n").Single();

        Assert.Equal(rawPath, request.RawPath);
        Assert.Equal(path, request.Path);
        Assert.Equal("%2F", request.Query);
    }

    [Theory]
    [InlineData("/?", "")]
    [InlineData("/?a", "a")]
    [InlineData("/p?a=1?b=/c", "a=1?b=/c")]
    [InlineData("/p?x={}|\\`^[]", "x={}|\\`^[]")]
    [InlineData("/p?%zz", "%zz")]
    public void Keeps_the_query_raw(string target, string query)
    {
        var request = Http1Harness.Run($"GET {target} HTTP/1.1\r\nHost: a\r\n\r\n").Single();

        Assert.Equal(query, request.Query);
    }

    [Fact]
    public void Parses_pipelined_requests_back_to_back()
    {
        var transcript = Http1Harness.Run(
            "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
            + "PUT /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
            + "GET /4 HTTP/1.0\r\n\r\n");

        Assert.Null(transcript.Error);
        Assert.Equal("idle", transcript.End);
        Assert.Equal(["/1", "/2", "/3", "/4"], transcript.Requests.Select(r => r.Path));
        Assert.Equal(["", "hello", "abc", ""], transcript.Requests.Select(r => r.BodyText));
        Assert.All(transcript.Requests, r => Assert.True(r.BodyComplete));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Ignores_a_few_empty_lines_before_the_request_line(int count)
    {
        var request = Http1Harness.Run(string.Concat(Enumerable.Repeat("\r\n", count)) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n").Single();

        Assert.Equal("/", request.Path);
    }

    [Fact]
    public void Ignores_an_empty_line_after_a_body()
    {
        // Old clients send an extra CRLF after a POST body.
        var transcript = Http1Harness.Run("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal(["/", "/2"], transcript.Requests.Select(r => r.Path));
    }

    [Theory]
    [InlineData("X-Empty:\r\n", "")]
    [InlineData("X-Spaces:   \t value \t  \r\n", "value")]
    [InlineData("X-Inner: a  b\tc\r\n", "a  b\tc")]
    [InlineData("X-Obs-Text: caf\u00e9 \u00ff\r\n", "caf\u00e9 \u00ff")]
    [InlineData("x-lower:v\r\n", "v")]
    [InlineData("X-Colon: a:b: c\r\n", "a:b: c")]
    public void Trims_and_keeps_field_values(string field, string value)
    {
        var request = Http1Harness.Run($"GET / HTTP/1.1\r\nHost: a\r\n{field}\r\n").Single();

        var header = request.Headers[1];
        Assert.Equal(value, header.ValueString);
        Assert.Equal(header.NameString.ToLowerInvariant(), header.NameString);
    }

    [Fact]
    public void Keeps_duplicate_fields_in_order()
    {
        var request = Http1Harness.Run("GET / HTTP/1.1\r\nHost: a\r\nCookie: a=1\r\nX: 1\r\nCookie: b=2\r\n\r\n").Single();

        Assert.Equal(["a=1", "b=2"], request.Headers.Where(h => h.NameString == "cookie").Select(h => h.ValueString));
    }

    [Fact]
    public void Consumes_only_complete_lines()
    {
        var parser = new Http1RequestParser();
        parser.Reset();
        var headers = new HeadersBuilder();
        var input = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\r\nAcc");
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(input));

        Assert.False(parser.TryParseHead(ref reader, headers));
        Assert.Equal("GET / HTTP/1.1\r\nHost: a\r\n".Length, reader.Consumed);
        Assert.True(parser.HasRequestLine);
        Assert.Equal(1, headers.Count);
    }

    [Fact]
    public void Stops_at_the_end_of_the_head()
    {
        var parser = new Http1RequestParser();
        parser.Reset();
        var input = Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET");
        var reader = new SequenceReader<byte>(TestSegment.Split(input, 5, 20, 40));

        Assert.True(parser.TryParseHead(ref reader, new HeadersBuilder()));
        Assert.Equal(input.Length - "abcGET".Length, reader.Consumed);
        Assert.Equal(3, parser.Head.ContentLength);
    }

    [Fact]
    public void Requires_reset_between_requests()
    {
        var parser = new Http1RequestParser();
        parser.Reset();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>("GET / HTTP/1.0\r\n\r\n"u8.ToArray()));
        Assert.True(parser.TryParseHead(ref reader, new HeadersBuilder()));

        try
        {
            parser.TryParseHead(ref reader, new HeadersBuilder());
            Assert.Fail("expected InvalidOperationException");
        }
        catch (InvalidOperationException)
        {
        }
    }

    [Fact]
    public void Reuses_the_parsed_target_and_host_for_the_same_request_on_a_connection()
    {
        var parser = new Http1RequestParser();
        var first = Parse(parser, "GET /same%20path?q HTTP/1.1\r\nHost: example.com\r\n\r\n");
        var second = Parse(parser, "GET /same%20path?q HTTP/1.1\r\nHost: example.com\r\n\r\n");
        var third = Parse(parser, "GET /other HTTP/1.1\r\nHost: example.com\r\n\r\n");

        Assert.Same(first.Path, second.Path);
        Assert.True(first.RawTarget.Span == second.RawTarget.Span, "the raw target array is shared");
        Assert.True(first.Authority.Span == second.Authority.Span, "the host array is shared");
        Assert.Equal("/same path", first.Path);
        Assert.Equal("/other", third.Path);
        Assert.NotSame(first.Path, third.Path);
        // The first request's memory was never overwritten.
        Assert.Equal("/same%20path?q", Encoding.ASCII.GetString(first.RawTarget.Span));
    }

    [Fact]
    public void Allocates_nothing_for_a_repeated_request()
    {
        var parser = new Http1RequestParser();
        var headers = new HeadersBuilder();
        var input = new ReadOnlySequence<byte>("GET /plaintext HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\nConnection: keep-alive\r\n\r\n"u8.ToArray());
        for (var i = 0; i < 3; i++)
        {
            ParseOnce(parser, headers, input);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            ParseOnce(parser, headers, input);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void ParseOnce(Http1RequestParser parser, HeadersBuilder headers, ReadOnlySequence<byte> input)
        {
            parser.Reset();
            headers.Clear();
            var reader = new SequenceReader<byte>(input);
            Assert.True(parser.TryParseHead(ref reader, headers));
        }
    }

    private static (string Path, ReadOnlyMemory<byte> RawTarget, ReadOnlyMemory<byte> Authority) Parse(Http1RequestParser parser, string input)
    {
        parser.Reset();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(input)));
        Assert.True(parser.TryParseHead(ref reader, new HeadersBuilder()));
        return (parser.Head.Path, parser.Head.RawTarget, parser.Head.Authority);
    }
}