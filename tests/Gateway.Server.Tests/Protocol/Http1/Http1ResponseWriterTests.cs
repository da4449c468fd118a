using System.Buffers;
using System.Text;

using Gateway.Server.Protocol.Http1;

namespace Gateway.Server.Tests.Protocol.Http1;

public class Http1ResponseWriterTests
{
    private static readonly Http1DateHeader FixedDate =
        new(new ManualTimeProvider(new DateTimeOffset(1994, 11, 6, 8, 49, 37, TimeSpan.Zero)));

    private delegate void WriteAction<TOutput>(ref Http1BufferWriter<TOutput> writer)
        where TOutput : IBufferWriter<byte>;

    /// <summary>Writes into a normal buffer and into one with 3-byte spans; both must give the same bytes.</summary>
    private static string Write(WriteAction<ArrayBufferWriter<byte>> action, WriteAction<SmallSpanBufferWriter> small)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new Http1BufferWriter<ArrayBufferWriter<byte>>(output);
        action(ref writer);
        writer.Commit();
        Assert.Equal(output.WrittenCount, writer.BytesCommitted);

        var smallOutput = new SmallSpanBufferWriter(3);
        var smallWriter = new Http1BufferWriter<SmallSpanBufferWriter>(smallOutput);
        small(ref smallWriter);
        smallWriter.Commit();

        var text = Encoding.Latin1.GetString(output.WrittenSpan);
        Assert.Equal(text, Encoding.Latin1.GetString(smallOutput.WrittenBytes));
        return text;
    }

    private static string Head(int status, Headers headers, Http1ResponseFraming framing, string server = "")
    {
        var info = Http1ResponseHeaderInfo.Inspect(headers);
        var serverBytes = Encoding.ASCII.GetBytes(server);
        return Write(
            (ref Http1BufferWriter<ArrayBufferWriter<byte>> w) => Http1ResponseWriter.WriteHead(ref w, status, headers, info, framing, FixedDate, serverBytes),
            (ref Http1BufferWriter<SmallSpanBufferWriter> w) => Http1ResponseWriter.WriteHead(ref w, status, headers, info, framing, FixedDate, serverBytes));
    }

    private static Http1ResponseFraming Framing(Http1ResponseBodyFraming body, long length = -1, bool keepAlive = true, bool announce = false) =>
        new(body, length, keepAlive, announce);

    [Fact]
    public void Writes_a_typical_head()
    {
        Headers headers = [new("content-type", "text/plain"), new("x-request-id", "42")];

        var text = Head(200, headers, Framing(Http1ResponseBodyFraming.ContentLength, 13), "Gateway");

        Assert.Equal(
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nx-request-id: 42\r\ndate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            + "server: Gateway\r\ncontent-length: 13\r\n\r\n",
            text);
    }

    [Fact]
    public void Writes_chunked_and_close()
    {
        var text = Head(404, Headers.Empty, Framing(Http1ResponseBodyFraming.Chunked, keepAlive: false));

        Assert.Equal(
            "HTTP/1.1 404 Not Found\r\ndate: Sun, 06 Nov 1994 08:49:37 GMT\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n",
            text);
    }

    [Fact]
    public void Announces_keep_alive_to_http10()
    {
        var text = Head(200, Headers.Empty, Framing(Http1ResponseBodyFraming.ContentLength, 0, keepAlive: true, announce: true));

        Assert.Equal(
            "HTTP/1.1 200 OK\r\ndate: Sun, 06 Nov 1994 08:49:37 GMT\r\ncontent-length: 0\r\nconnection: keep-alive\r\n\r\n", text);
    }

    [Fact]
    public void Drops_hop_by_hop_fields_and_the_apps_content_length()
    {
        Headers headers =
        [
            new("Connection", "keep-alive"), new("Keep-Alive", "timeout=5"), new("Proxy-Connection", "x"),
            new("Transfer-Encoding", "gzip"), new("Upgrade", "h2c"), new("TE", "trailers"), new("Trailer", "x-sum"),
            new("content-length", "5"), new("x-kept", "yes"),
        ];

        var text = Head(200, headers, Framing(Http1ResponseBodyFraming.ContentLength, 5));

        Assert.Equal("HTTP/1.1 200 OK\r\nx-kept: yes\r\ndate: Sun, 06 Nov 1994 08:49:37 GMT\r\ncontent-length: 5\r\n\r\n", text);
    }

    [Fact]
    public void Keeps_the_apps_date_and_server()
    {
        Headers headers = [new("Server", "custom"), new("Date", "Mon, 07 Nov 1994 00:00:00 GMT")];

        var text = Head(204, headers, Framing(Http1ResponseBodyFraming.None), "Gateway");

        Assert.Equal("HTTP/1.1 204 No Content\r\nserver: custom\r\ndate: Mon, 07 Nov 1994 00:00:00 GMT\r\n\r\n", text);
    }

    [Fact]
    public void Writes_no_date_without_a_date_source()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new Http1BufferWriter<ArrayBufferWriter<byte>>(output);
        var framing = Framing(Http1ResponseBodyFraming.ContentLength, 0);

        Http1ResponseWriter.WriteHead(ref writer, 200, Headers.Empty, default, framing, null, default);
        writer.Commit();

        Assert.Equal("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n", Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Inspect_reports_content_length_date_and_server()
    {
        var info = Http1ResponseHeaderInfo.Inspect([new("Content-Length", "1234"), new("date", "x"), new("server", "y")]);

        Assert.Equal(1234, info.ContentLength);
        Assert.True(info.HasDate);
        Assert.True(info.HasServer);

        var none = Http1ResponseHeaderInfo.Inspect(Headers.Empty);
        Assert.Equal(-1, none.ContentLength);
        Assert.False(none.HasDate);
        Assert.False(none.HasServer);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1,1")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("99999999999999999999")]
    public void Inspect_rejects_an_invalid_content_length(string value)
    {
        Assert.Throws<InvalidOperationException>(() => Http1ResponseHeaderInfo.Inspect([new("content-length", value)]));
    }

    [Fact]
    public void Inspect_rejects_a_duplicate_content_length()
    {
        Assert.Throws<InvalidOperationException>(() => Http1ResponseHeaderInfo.Inspect([new("content-length", "1"), new("Content-Length", "1")]));
    }

    [Theory]
    [InlineData("x-a", "a\rb")]
    [InlineData("x-a", "a\nb")]
    [InlineData("x-a", "a\0b")]
    [InlineData("x a", "v")]
    [InlineData("x:a", "v")]
    public void Inspect_rejects_fields_that_would_split_the_response(string name, string value)
    {
        // Only reachable through AddWithoutValidation, whose caller vouched for the bytes.
        var headers = new HeadersBuilder().AddWithoutValidation(Encoding.Latin1.GetBytes(name), Encoding.Latin1.GetBytes(value)).Build();

        Assert.Throws<InvalidOperationException>(() => Http1ResponseHeaderInfo.Inspect(headers));
    }

    [Theory]
    [InlineData(100, "HTTP/1.1 100 Continue\r\n")]
    [InlineData(101, "HTTP/1.1 101 Switching Protocols\r\n")]
    [InlineData(200, "HTTP/1.1 200 OK\r\n")]
    [InlineData(304, "HTTP/1.1 304 Not Modified\r\n")]
    [InlineData(413, "HTTP/1.1 413 Content Too Large\r\n")]
    [InlineData(422, "HTTP/1.1 422 Unprocessable Content\r\n")]
    [InlineData(431, "HTTP/1.1 431 Request Header Fields Too Large\r\n")]
    [InlineData(505, "HTTP/1.1 505 HTTP Version Not Supported\r\n")]
    [InlineData(199, "HTTP/1.1 199 Informational\r\n")]
    [InlineData(299, "HTTP/1.1 299 Success\r\n")]
    [InlineData(399, "HTTP/1.1 399 Redirection\r\n")]
    [InlineData(499, "HTTP/1.1 499 Client Error\r\n")]
    [InlineData(599, "HTTP/1.1 599 Server Error\r\n")]
    public void Writes_status_lines_with_reason_phrases(int status, string line)
    {
        Assert.Equal(line, Encoding.ASCII.GetString(Http1StatusLines.Get(status)));
    }

    [Theory]
    [InlineData(99)]
    [InlineData(600)]
    [InlineData(0)]
    public void Rejects_status_codes_out_of_range(int status)
    {
        Assert.Throws<InvalidOperationException>(() => Http1StatusLines.Get(status).Length);
    }

    [Fact]
    public void Writes_continue()
    {
        var text = Write(
            (ref Http1BufferWriter<ArrayBufferWriter<byte>> w) => Http1ResponseWriter.WriteContinue(ref w),
            (ref Http1BufferWriter<SmallSpanBufferWriter> w) => Http1ResponseWriter.WriteContinue(ref w));

        Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", text);
    }

    [Fact]
    public void Writes_early_hints()
    {
        Headers hints = [new("link", "</style.css>; rel=preload; as=style"), new("connection", "x"), new("link", "</app.js>; rel=preload")];

        var text = Write(
            (ref Http1BufferWriter<ArrayBufferWriter<byte>> w) => Http1ResponseWriter.WriteEarlyHints(ref w, hints),
            (ref Http1BufferWriter<SmallSpanBufferWriter> w) => Http1ResponseWriter.WriteEarlyHints(ref w, hints));

        Assert.Equal("HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload; as=style\r\nlink: </app.js>; rel=preload\r\n\r\n", text);
    }

    [Fact]
    public void Writes_switching_protocols()
    {
        Headers handshake = [new("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), new("Upgrade", "x"), new("sec-websocket-protocol", "chat")];

        var text = Write(
            (ref Http1BufferWriter<ArrayBufferWriter<byte>> w) => Http1ResponseWriter.WriteSwitchingProtocols(ref w, "websocket"u8, handshake),
            (ref Http1BufferWriter<SmallSpanBufferWriter> w) => Http1ResponseWriter.WriteSwitchingProtocols(ref w, "websocket"u8, handshake));

        Assert.Equal(
            "HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: websocket\r\n"
            + "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nsec-websocket-protocol: chat\r\n\r\n",
            text);
    }

    [Fact]
    public void Writes_chunks()
    {
        var data = new byte[300];
        data.AsSpan().Fill((byte)'x');

        var text = Write(
            (ref Http1BufferWriter<ArrayBufferWriter<byte>> w) =>
            {
                Http1ResponseWriter.WriteChunk(ref w, "hello"u8);
                Http1ResponseWriter.WriteChunk(ref w, default);
                Http1ResponseWriter.WriteChunk(ref w, data);
                Http1ResponseWriter.WriteChunkPrefix(ref w, 0x1234abcd);
                Http1ResponseWriter.WriteChunkSuffix(ref w);
                Http1ResponseWriter.WriteLastChunk(ref w);
            },
            (ref Http1BufferWriter<SmallSpanBufferWriter> w) =>
            {
                Http1ResponseWriter.WriteChunk(ref w, "hello"u8);
                Http1ResponseWriter.WriteChunk(ref w, default);
                Http1ResponseWriter.WriteChunk(ref w, data);
                Http1ResponseWriter.WriteChunkPrefix(ref w, 0x1234abcd);
                Http1ResponseWriter.WriteChunkSuffix(ref w);
                Http1ResponseWriter.WriteLastChunk(ref w);
            });

        Assert.Equal($"5\r\nhello\r\n12c\r\n{new string('x', 300)}\r\n1234abcd\r\n\r\n0\r\n\r\n", text);
    }

    [Fact]
    public void Refuses_an_empty_chunk_prefix()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new Http1BufferWriter<ArrayBufferWriter<byte>>(output);
        try
        {
            Http1ResponseWriter.WriteChunkPrefix(ref writer, 0);
            Assert.Fail("expected ArgumentOutOfRangeException");
        }
        catch (ArgumentOutOfRangeException)
        {
        }
    }

    [Fact]
    public void Writes_the_last_chunk_with_trailers()
    {
        Headers trailers = [new("x-checksum", "abc"), new("content-length", "5"), new("server-timing", "db;dur=53")];

        var text = Write(
            (ref Http1BufferWriter<ArrayBufferWriter<byte>> w) => Http1ResponseWriter.WriteLastChunk(ref w, trailers),
            (ref Http1BufferWriter<SmallSpanBufferWriter> w) => Http1ResponseWriter.WriteLastChunk(ref w, trailers));

        Assert.Equal("0\r\nx-checksum: abc\r\nserver-timing: db;dur=53\r\n\r\n", text);
    }

    [Fact]
    public void Rejects_invalid_trailers()
    {
        var trailers = new HeadersBuilder().AddWithoutValidation("x"u8, "a\r\nb"u8).Build();
        var output = new ArrayBufferWriter<byte>();
        var writer = new Http1BufferWriter<ArrayBufferWriter<byte>>(output);
        try
        {
            Http1ResponseWriter.WriteLastChunk(ref writer, trailers);
            Assert.Fail("expected InvalidOperationException");
        }
        catch (InvalidOperationException)
        {
        }

        writer.Commit();
        Assert.Equal(0, output.WrittenCount);
    }

    [Theory]
    [InlineData(Http1RejectionReason.InvalidHeaderName, "HTTP/1.1 400 Bad Request\r\n", "Bad Request: invalid header name")]
    [InlineData(Http1RejectionReason.RequestLineTooLong, "HTTP/1.1 414 URI Too Long\r\n", "URI Too Long: the request line is too long")]
    [InlineData(Http1RejectionReason.UnsupportedExpectation, "HTTP/1.1 417 Expectation Failed\r\n", "Expectation Failed: only 100-continue is supported")]
    [InlineData(Http1RejectionReason.TooManyHeaders, "HTTP/1.1 431 Request Header Fields Too Large\r\n", "Request Header Fields Too Large: too many header fields")]
    [InlineData(Http1RejectionReason.UnsupportedTransferEncoding, "HTTP/1.1 501 Not Implemented\r\n", "Not Implemented: only the chunked transfer coding is supported")]
    [InlineData(Http1RejectionReason.UnsupportedVersion, "HTTP/1.1 505 HTTP Version Not Supported\r\n", "HTTP Version Not Supported: use HTTP/1.1 or HTTP/1.0")]
    internal void WritesRejections(Http1RejectionReason reason, string statusLine, string body)
    {
        var text = Write(
            (ref Http1BufferWriter<ArrayBufferWriter<byte>> w) => Http1ResponseWriter.WriteRejection(ref w, reason, FixedDate),
            (ref Http1BufferWriter<SmallSpanBufferWriter> w) => Http1ResponseWriter.WriteRejection(ref w, reason, FixedDate));

        Assert.Equal(
            $"{statusLine}content-type: text/plain; charset=utf-8\r\ncontent-length: {body.Length}\r\nconnection: close\r\n"
            + $"date: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n{body}",
            text);
    }

    [Fact]
    public void Writes_a_rejection_without_date()
    {
        var text = Write(
            (ref Http1BufferWriter<ArrayBufferWriter<byte>> w) => Http1ResponseWriter.WriteRejection(ref w, Http1RejectionReason.MissingHost),
            (ref Http1BufferWriter<SmallSpanBufferWriter> w) => Http1ResponseWriter.WriteRejection(ref w, Http1RejectionReason.MissingHost));

        Assert.Equal(
            "HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 25\r\nconnection: close\r\n\r\nBad Request: missing Host",
            text);
    }

    [Fact]
    public void Writing_a_head_allocates_nothing()
    {
        Headers headers = [new("content-type", "text/plain")];
        var info = Http1ResponseHeaderInfo.Inspect(headers);
        var framing = Framing(Http1ResponseBodyFraming.ContentLength, 13);
        var output = new ArrayBufferWriter<byte>(4096);
        WriteOnce();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            output.ResetWrittenCount();
            WriteOnce();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void WriteOnce()
        {
            var writer = new Http1BufferWriter<ArrayBufferWriter<byte>>(output);
            Http1ResponseWriter.WriteHead(ref writer, 200, headers, info, framing, FixedDate, "Gateway"u8);
            writer.Commit();
        }
    }
}