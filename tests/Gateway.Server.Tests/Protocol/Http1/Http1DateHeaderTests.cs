using System.Globalization;
using System.Text;

using Gateway.Server.Protocol.Http1;

namespace Gateway.Server.Tests.Protocol.Http1;

public class Http1DateHeaderTests
{
    [Fact]
    public void Formats_imf_fixdate()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(1994, 11, 6, 8, 49, 37, 123, TimeSpan.Zero));
        var date = new Http1DateHeader(clock);

        Assert.Equal("date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", Encoding.ASCII.GetString(date.GetLine().Span));
        Assert.Equal("Sun, 06 Nov 1994 08:49:37 GMT", Encoding.ASCII.GetString(date.GetValue().Span));
    }

    [Fact]
    public void Formats_in_utc_whatever_the_offset()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(-5)));

        Assert.Equal("Fri, 01 Mar 2024 04:59:59 GMT", Encoding.ASCII.GetString(new Http1DateHeader(clock).GetValue().Span));
    }

    [Fact]
    public void Regenerates_only_when_the_second_changes()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var date = new Http1DateHeader(clock);
        var first = date.GetLine();

        clock.Now = clock.Now.AddMilliseconds(999);
        Assert.True(first.Span == date.GetLine().Span, "the same bytes within a second");

        clock.Now = clock.Now.AddMilliseconds(1);
        var next = date.GetLine();
        Assert.False(first.Span == next.Span);
        Assert.Equal("date: Wed, 01 Jan 2025 00:00:01 GMT\r\n", Encoding.ASCII.GetString(next.Span));
        // The old bytes were not overwritten: a writer still copying them is safe.
        Assert.Equal("date: Wed, 01 Jan 2025 00:00:00 GMT\r\n", Encoding.ASCII.GetString(first.Span));
    }

    [Fact]
    public void Matches_the_bcl_rfc1123_format()
    {
        var now = DateTimeOffset.UtcNow;
        var clock = new ManualTimeProvider(now);

        Assert.Equal(now.ToString("r", CultureInfo.InvariantCulture), Encoding.ASCII.GetString(new Http1DateHeader(clock).GetValue().Span));
    }

    [Fact]
    public void Allocates_nothing_within_a_second()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var date = new Http1DateHeader(clock);
        date.GetLine();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            date.GetLine();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Is_safe_to_share_between_threads()
    {
        var date = Http1DateHeader.Shared;
        Parallel.For(0, 1000, _ =>
        {
            var line = Encoding.ASCII.GetString(date.GetLine().Span);
            Assert.StartsWith("date: ", line, StringComparison.Ordinal);
            Assert.EndsWith(" GMT\r\n", line, StringComparison.Ordinal);
            Assert.Equal(37, line.Length);
        });
    }
}