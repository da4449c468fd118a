using Gateway.Server.Protocol.Http1;
using Gateway.Server.Tests.Protocol.Http1;

namespace Gateway.Fuzzing.Harnesses;

/// <summary>
/// The HTTP/1.1 request parser and its body decoders (content-length, chunked with extensions and trailers), driven as
/// the connection drives them over pipelined requests. Invariants: only <see cref="Http1BadRequestException"/> escapes
/// the parser; nothing is consumed past the input; the input delivered whole, one byte at a time, in two reads and as a
/// two-segment sequence gives the same transcript (requests, bodies, trailers, the rejection and its reason).
/// </summary>
/// <remarks>The limits are small, so that short inputs also reach the limit checks.</remarks>
internal sealed class Http1RequestHarness : IFuzzHarness
{
    private static readonly Http1ParserLimits Limits = new()
    {
        MaxRequestLineSize = 128,
        MaxRequestHeadersTotalSize = 512,
        MaxRequestHeaderCount = 16,
    };

    public string Name => "http1";

    public void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        // Feed asserts (xunit) that every byte was accounted for: consumed plus left over equals the input.
        var whole = Http1Harness.Feed(input, [[input.Length]], Limits).Render();
        var cut = 1 + (input[0] % Math.Max(1, input.Length - 1));
        cut = Math.Min(cut, input.Length - 1);
        Compare(whole, Http1Harness.Feed(input, Enumerable.Repeat(new[] { 1 }, input.Length), Limits).Render(), "byte at a time");
        if (cut > 0)
        {
            Compare(whole, Http1Harness.Feed(input, [[cut], [input.Length - cut]], Limits).Render(), $"two reads split at {cut}");
            Compare(whole, Http1Harness.Feed(input, [[cut, input.Length - cut]], Limits, segmentAtATime: true).Render(), $"two segments split at {cut}");
        }
    }

    private static void Compare(string expected, string actual, string run)
    {
        if (expected != actual)
        {
            throw new FuzzInvariantException($"'{run}' differs from the whole input.\nWhole:\n{expected}\n\n{run}:\n{actual}");
        }
    }
}