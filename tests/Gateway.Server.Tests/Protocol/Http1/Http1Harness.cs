using System.Buffers;
using System.Text;

using Gateway.Server.Protocol.Http1;

namespace Gateway.Server.Tests.Protocol.Http1;

/// <summary>
/// Runs the same input through the protocol code whole, one byte at a time, split in two at every offset (arriving in
/// two reads, and present at once as a two-segment sequence), and cut into random multi-segment sequences, reading
/// bodies both as sequences and a segment at a time; asserts that every run produced the same transcript, and returns it.
/// </summary>
/// <remarks>Between reads the harness keeps what the code did not consume, segment boundaries included, as a pipe
/// does, so a parser that consumed part of a line or lost track of its state shows up as a different transcript.</remarks>
internal static class Http1Harness
{
    // Above this size the every-offset runs are sampled, to keep the quadratic cost bounded.
    private const int ExhaustiveLimit = 1024;
    private const int RandomRuns = 8;

    public static Http1Transcript Run(string input, Http1ParserLimits? limits = null) => Run(Encoding.Latin1.GetBytes(input), limits);

    public static Http1Transcript Run(byte[] input, Http1ParserLimits? limits = null)
    {
        var expected = Feed(input, [[input.Length]], limits);
        var rendered = expected.Render();
        foreach (var (name, plan) in Plans(input.Length))
        {
            foreach (var segmentAtATime in (bool[])[false, true])
            {
                var actual = Feed(input, plan, limits, segmentAtATime).Render();
                if (actual != rendered)
                {
                    Assert.Fail($"Run '{name}' (bodies {(segmentAtATime ? "a segment" : "a sequence")} at a time) differs from the whole-input run.\nWhole:\n{rendered}\n\n{name}:\n{actual}");
                }
            }
        }

        return expected;
    }

    /// <summary>Asserts the input is rejected with <paramref name="status"/> and <paramref name="reason"/> in every run.</summary>
    public static Http1Transcript AssertRejected(string input, int status, Http1RejectionReason reason, Http1ParserLimits? limits = null) =>
        AssertRejected(Encoding.Latin1.GetBytes(input), status, reason, limits);

    public static Http1Transcript AssertRejected(byte[] input, int status, Http1RejectionReason reason, Http1ParserLimits? limits = null)
    {
        var transcript = Run(input, limits);
        Assert.NotNull(transcript.Error);
        Assert.Equal((status, reason), (transcript.Error.StatusCode, transcript.Error.Reason));
        return transcript;
    }

    /// <summary>Feeds <paramref name="input"/> in arrivals, each a list of segment lengths.</summary>
    public static Http1Transcript Feed(byte[] input, IEnumerable<int[]> arrivals, Http1ParserLimits? limits = null, bool segmentAtATime = false)
    {
        var machine = new Http1TestMachine(limits, segmentAtATime);
        var pending = new List<byte[]>();
        var offset = 0;
        foreach (var arrival in arrivals)
        {
            foreach (var length in arrival)
            {
                pending.Add(input[offset..(offset + length)]);
                offset += length;
            }

            if (!Pump(machine, pending))
            {
                return machine.Transcript;
            }
        }

        Assert.Equal(input.Length, offset);
        var leftover = pending.Sum(p => p.Length);
        machine.Transcript.End = machine.InBody ? "body" : leftover > 0 || machine.HasRequestLine ? "head" : "idle";
        return machine.Transcript;
    }

    /// <summary>Calls the machine until it needs more input, dropping what it consumed.</summary>
    /// <returns>False after an error.</returns>
    private static bool Pump(Http1TestMachine machine, List<byte[]> pending)
    {
        // Long trickles would otherwise make one segment per byte: keep a few segments, as a pipe's buffers would.
        if (pending.Count > 4)
        {
            var merged = pending.SelectMany(p => p).ToArray();
            pending.Clear();
            pending.Add(merged);
        }

        while (true)
        {
            var sequence = TestSegment.Sequence(pending);
            var reader = new SequenceReader<byte>(sequence);
            bool more;
            try
            {
                more = machine.Step(ref reader);
            }
            catch (Http1BadRequestException error)
            {
                machine.Fail(error);
                return false;
            }

            Consume(pending, sequence, reader.Position);
            if (!more)
            {
                return true;
            }
        }
    }

    private static void Consume(List<byte[]> pending, ReadOnlySequence<byte> sequence, SequencePosition position)
    {
        var rest = sequence.Slice(position);
        pending.Clear();
        foreach (var memory in rest)
        {
            if (!memory.IsEmpty)
            {
                pending.Add(memory.ToArray());
            }
        }
    }

    private static IEnumerable<(string Name, List<int[]> Plan)> Plans(int length)
    {
        if (length == 0)
        {
            yield break;
        }

        yield return ("byte by byte", Enumerable.Repeat(new[] { 1 }, length).ToList());
        foreach (var cut in Cuts(length))
        {
            yield return ($"two reads split at {cut}", [[cut], [length - cut]]);
            yield return ($"two segments split at {cut}", [[cut, length - cut]]);
        }

        var random = new Random(length);
        for (var run = 0; run < RandomRuns; run++)
        {
            var count = random.Next(2, Math.Min(length, 12) + 1);
            var cuts = Enumerable.Range(0, count - 1).Select(_ => random.Next(1, length)).Distinct().Order().ToList();
            var lengths = new List<int>();
            var previous = 0;
            foreach (var cut in cuts)
            {
                lengths.Add(cut - previous);
                previous = cut;
            }

            lengths.Add(length - previous);
            yield return ($"segments [{string.Join(",", lengths)}] at once", [lengths.ToArray()]);
            yield return ($"reads [{string.Join(",", lengths)}]", lengths.Select(l => new[] { l }).ToList());
        }
    }

    private static IEnumerable<int> Cuts(int length)
    {
        if (length <= ExhaustiveLimit)
        {
            return Enumerable.Range(1, length - 1);
        }

        var step = length / 200;
        return Enumerable.Range(1, 16).Concat(Enumerable.Range(length - 16, 15)).Concat(Enumerable.Range(1, 199).Select(i => i * step))
            .Where(c => c > 0 && c < length).Distinct().Order();
    }
}