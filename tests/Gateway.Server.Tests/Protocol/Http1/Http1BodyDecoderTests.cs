using System.Buffers;
using System.Text;

using Gateway.Server.Protocol.Http1;

namespace Gateway.Server.Tests.Protocol.Http1;

public class Http1BodyDecoderTests
{
    private const string ChunkedHead = "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

    private static ParsedRequest Chunked(string body, Http1ParserLimits? limits = null) =>
        Http1Harness.Run(ChunkedHead + body, limits).Single();

    private static void ChunkedRejected(string body, int status, Http1RejectionReason reason, Http1ParserLimits? limits = null) =>
        Http1Harness.AssertRejected(ChunkedHead + body, status, reason, limits);

    [Fact]
    public void Decodes_a_content_length_body()
    {
        var request = Http1Harness.Run("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world").Single();

        Assert.Equal("hello world", request.BodyText);
        Assert.True(request.BodyComplete);
    }

    [Fact]
    public void Stops_a_content_length_body_at_its_length()
    {
        var transcript = Http1Harness.Run("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcdef");

        Assert.Equal("abc", transcript.Requests[0].BodyText);
        Assert.Equal("head", transcript.End);
    }

    [Fact]
    public void Reports_an_incomplete_body()
    {
        var transcript = Http1Harness.Run("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");

        Assert.Equal("abc", transcript.Requests[0].BodyText);
        Assert.False(transcript.Requests[0].BodyComplete);
        Assert.Equal("body", transcript.End);
    }

    [Fact]
    public void Decodes_chunks()
    {
        var request = Chunked("5\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\n\r\n");

        Assert.Equal("hello 0123456789", request.BodyText);
        Assert.True(request.BodyComplete);
        Assert.Empty(request.Trailers!);
    }

    [Fact]
    public void Decodes_an_empty_chunked_body()
    {
        var request = Chunked("0\r\n\r\n");

        Assert.Equal(string.Empty, request.BodyText);
        Assert.True(request.BodyComplete);
    }

    [Theory]
    [InlineData("a\r\n0123456789\r\n0\r\n\r\n")]
    [InlineData("A\r\n0123456789\r\n0\r\n\r\n")]
    [InlineData("00a\r\n0123456789\r\n0000\r\n\r\n")]
    [InlineData("000000000000000a\r\n0123456789\r\n0\r\n\r\n")]
    public void Accepts_hex_sizes_in_either_case_with_leading_zeros(string body)
    {
        Assert.Equal("0123456789", Chunked(body).BodyText);
    }

    [Theory]
    [InlineData("5;name\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;name=value\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;name=\"quoted ; \\\" value\"\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5 ; a = b ;c;d=\"\"\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5\t;a\r\nhello\r\n0;last=1\r\n\r\n")]
    [InlineData("5;a=\"caf\u00e9\"\r\nhello\r\n0\r\n\r\n")]
    public void Accepts_and_ignores_valid_chunk_extensions(string body)
    {
        Assert.Equal("hello", Chunked(body).BodyText);
    }

    [Theory]
    [InlineData("5;\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;=v\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a=\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a \r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a=\"open\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a=b c\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a(b)\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a=\"\u0001\"\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5;a;\r\nhello\r\n0\r\n\r\n")]
    public void Rejects_malformed_chunk_extensions(string body)
    {
        ChunkedRejected(body, 400, Http1RejectionReason.InvalidChunkExtension);
    }

    [Theory]
    [InlineData("0x10\r\n0123456789abcdef\r\n0\r\n\r\n")]
    [InlineData("-1\r\nx\r\n0\r\n\r\n")]
    [InlineData("+5\r\nhello\r\n0\r\n\r\n")]
    [InlineData(" 5\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5 \r\nhello\r\n0\r\n\r\n")]
    [InlineData("5\t\r\nhello\r\n0\r\n\r\n")]
    [InlineData("\r\nhello\r\n0\r\n\r\n")]
    [InlineData("g\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5g\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5,5\r\nhello\r\n0\r\n\r\n")]
    [InlineData("00000000000000005\r\nhello\r\n0\r\n\r\n")]
    [InlineData("10000000000000000\r\nx\r\n0\r\n\r\n")]
    [InlineData("8000000000000000\r\nx\r\n0\r\n\r\n")]
    [InlineData("FFFFFFFFFFFFFFFF\r\nx\r\n0\r\n\r\n")]
    public void Rejects_malformed_or_overflowing_sizes(string body)
    {
        ChunkedRejected(body, 400, Http1RejectionReason.InvalidChunkSize);
    }

    [Fact]
    public void Rejects_an_overlong_run_of_digits_before_its_line_ends()
    {
        ChunkedRejected(new string('0', 2000), 400, Http1RejectionReason.InvalidChunkSize);
    }

    [Fact]
    public void Accepts_a_huge_declared_size_and_streams_it()
    {
        // 7FFFFFFFFFFFFFFF is long.MaxValue: valid, the body simply is not finished.
        var transcript = Http1Harness.Run(ChunkedHead + "7FFFFFFFFFFFFFFF\r\nabc");

        Assert.Equal("abc", transcript.Requests[0].BodyText);
        Assert.Equal("body", transcript.End);
    }

    [Theory]
    [InlineData("5\r\nhelloX\r\n0\r\n\r\n")]
    [InlineData("5\r\nhello\rX0\r\n\r\n")]
    [InlineData("5\r\nhello\n0\r\n\r\n")]
    [InlineData("5\r\nhello0\r\n\r\n")]
    [InlineData("3\r\nhello\r\n0\r\n\r\n")]
    public void Requires_cr_lf_after_chunk_data(string body)
    {
        ChunkedRejected(body, 400, Http1RejectionReason.InvalidChunkTerminator);
    }

    [Theory]
    [InlineData("5\nhello\r\n0\r\n\r\n", "BareLineFeed")]
    [InlineData("5\r\nhello\r\n0\n\r\n", "BareLineFeed")]
    [InlineData("5\r\nhello\r\n0\r\n\n", "BareLineFeed")]
    [InlineData("5\r\r\nhello\r\n0\r\n\r\n", "BareCarriageReturn")]
    [InlineData("5;a=b\r\r\nhello\r\n0\r\n\r\n", "BareCarriageReturn")]
    public void Requires_cr_lf_line_endings(string body, string reason)
    {
        ChunkedRejected(body, 400, Enum.Parse<Http1RejectionReason>(reason));
    }

    [Fact]
    public void Limits_extensions_per_line_and_per_body()
    {
        var limits = new Http1ParserLimits { MaxChunkExtensionSize = 32, MaxChunkExtensionTotalSize = 64 };
        Assert.Equal("x", Chunked($"1;{new string('a', 31)}\r\nx\r\n0\r\n\r\n", limits).BodyText);
        ChunkedRejected($"1;{new string('a', 32)}\r\nx\r\n0\r\n\r\n", 400, Http1RejectionReason.ChunkExtensionTooLong, limits);
        ChunkedRejected($"1;{new string('a', 500)}", 400, Http1RejectionReason.ChunkExtensionTooLong, limits);

        var ext = ";" + new string('a', 20);
        ChunkedRejected($"1{ext}\r\nx\r\n1{ext}\r\nx\r\n1{ext}\r\nx\r\n1{ext}\r\nx\r\n0\r\n\r\n", 400, Http1RejectionReason.ChunkExtensionTooLong, limits);
    }

    [Fact]
    public void Collects_trailers()
    {
        var request = Chunked("3\r\nabc\r\n0\r\nChecksum: 123 \r\nX-Other:\tv\r\n\r\n");

        Assert.Equal("abc", request.BodyText);
        Assert.Equal(["checksum: 123", "x-other: v"], request.Trailers!.Select(h => h.ToString()));
    }

    [Fact]
    public void Parses_the_next_request_after_trailers()
    {
        var transcript = Http1Harness.Run(ChunkedHead + "0\r\nA: 1\r\n\r\n" + "GET /next HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal(["/upload", "/next"], transcript.Requests.Select(r => r.Path));
        Assert.Equal("idle", transcript.End);
    }

    [Theory]
    [InlineData("0\r\nBad Name: v\r\n\r\n", "InvalidHeaderName")]
    [InlineData("0\r\nName : v\r\n\r\n", "WhitespaceBeforeColon")]
    [InlineData("0\r\nA: v\r\n folded\r\n\r\n", "ObsoleteLineFolding")]
    [InlineData("0\r\nA: v\0\r\n\r\n", "InvalidHeaderValue")]
    [InlineData("0\r\nnocolon\r\n\r\n", "InvalidHeaderLine")]
    public void Validates_trailers_like_headers(string body, string reason)
    {
        ChunkedRejected(body, 400, Enum.Parse<Http1RejectionReason>(reason));
    }

    [Fact]
    public void Limits_the_trailer_section()
    {
        var limits = new Http1ParserLimits { MaxTrailersTotalSize = 32, MaxTrailerCount = 2 };
        Assert.Single(Chunked("0\r\nA: 1\r\n\r\n", limits).Trailers!);
        ChunkedRejected("0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", 431, Http1RejectionReason.TrailersTooLarge, limits);
        ChunkedRejected($"0\r\nA: {new string('v', 40)}\r\n\r\n", 431, Http1RejectionReason.TrailersTooLarge, limits);
        ChunkedRejected($"0\r\nA: {new string('v', 400)}", 431, Http1RejectionReason.TrailersTooLarge, limits);
    }

    [Fact]
    public void Hands_out_slices_of_the_input_without_copying()
    {
        var input = Encoding.ASCII.GetBytes("5\r\nhello\r\n0\r\n\r\n");
        var decoder = new Http1ChunkedDecoder();
        decoder.Reset();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(input));

        Assert.True(decoder.TryRead(ref reader, out var data));

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data.First, out var segment));
        Assert.Same(input, segment.Array);
        Assert.Equal(3, segment.Offset);
        // The framing after the data was read ahead: the body is already known to be complete.
        Assert.True(decoder.IsComplete);
        Assert.Equal(5, decoder.DecodedBytes);
        Assert.Equal(input.Length, reader.Consumed);
    }

    [Fact]
    public void Returns_one_chunk_per_call()
    {
        var decoder = new Http1ChunkedDecoder();
        decoder.Reset();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>("1\r\na\r\n2\r\nbc\r\n0\r\n\r\nNEXT"u8.ToArray()));

        Assert.True(decoder.TryRead(ref reader, out var first));
        Assert.Equal("a", Encoding.ASCII.GetString(first.ToArray()));
        Assert.False(decoder.IsComplete);
        Assert.True(decoder.TryRead(ref reader, out var second));
        Assert.Equal("bc", Encoding.ASCII.GetString(second.ToArray()));
        Assert.True(decoder.IsComplete);
        Assert.Equal("NEXT", Encoding.ASCII.GetString(reader.UnreadSequence.ToArray()));
        Assert.True(decoder.TryRead(ref reader, out var after));
        Assert.True(after.IsEmpty);
    }

    [Fact]
    public void Returns_false_when_only_framing_arrived()
    {
        var decoder = new Http1ChunkedDecoder();
        decoder.Reset();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>("5;ext=1\r\n"u8.ToArray()));

        Assert.False(decoder.TryRead(ref reader, out var data));
        Assert.True(data.IsEmpty);
        Assert.Equal(9, reader.Consumed);
    }

    [Fact]
    public void Content_length_decoder_completes_at_once_for_zero()
    {
        var decoder = new Http1ContentLengthDecoder();
        decoder.Reset(0);
        var reader = new SequenceReader<byte>(ReadOnlySequence<byte>.Empty);

        Assert.True(decoder.IsComplete);
        Assert.True(decoder.TryRead(ref reader, out var data));
        Assert.True(data.IsEmpty);
    }

    [Fact]
    public void Content_length_decoder_slices_across_segments()
    {
        var decoder = new Http1ContentLengthDecoder();
        decoder.Reset(6);
        var reader = new SequenceReader<byte>(TestSegment.Split("abcdefgh"u8.ToArray(), 2, 4));

        Assert.True(decoder.TryRead(ref reader, out var data));
        Assert.Equal("abcdef", Encoding.ASCII.GetString(data.ToArray()));
        Assert.False(data.IsSingleSegment);
        Assert.True(decoder.IsComplete);
        Assert.Equal(0, decoder.Remaining);
        Assert.Equal(6, decoder.DecodedBytes);
    }

    [Fact]
    public void Try_read_segment_stops_at_segment_ends()
    {
        var decoder = new Http1ChunkedDecoder();
        decoder.Reset();
        var input = "8\r\nabcdefgh\r\n0\r\n\r\n"u8.ToArray();
        var reader = new SequenceReader<byte>(TestSegment.Split(input, 6, 9));
        var pieces = new List<string>();

        while (decoder.TryReadSegment(ref reader, out var data))
        {
            pieces.Add(Encoding.ASCII.GetString(data.Span));
            if (decoder.IsComplete)
            {
                break;
            }
        }

        Assert.Equal(["abc", "def", "gh"], pieces);
        Assert.True(decoder.IsComplete);
        Assert.Equal(input.Length, reader.Consumed);
    }

    [Fact]
    public void Content_length_try_read_segment_stops_at_segment_ends()
    {
        var decoder = new Http1ContentLengthDecoder();
        decoder.Reset(5);
        var reader = new SequenceReader<byte>(TestSegment.Split("abcdefg"u8.ToArray(), 3));

        Assert.True(decoder.TryReadSegment(ref reader, out var first));
        Assert.True(decoder.TryReadSegment(ref reader, out var second));

        Assert.Equal("abc", Encoding.ASCII.GetString(first.Span));
        Assert.Equal("de", Encoding.ASCII.GetString(second.Span));
        Assert.True(decoder.IsComplete);
        Assert.Equal(2, reader.Remaining);
    }
}