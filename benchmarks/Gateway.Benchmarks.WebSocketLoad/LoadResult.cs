using System.Globalization;

namespace Gateway.Benchmarks.WebSocketLoad;

/// <summary>What a load run measured.</summary>
/// <param name="Messages">Echoes received.</param>
/// <param name="Elapsed">From the first send to the last echo.</param>
/// <param name="P50">The median round trip.</param>
/// <param name="P99">The 99th percentile round trip.</param>
/// <param name="Errors">Connections that failed.</param>
internal sealed record LoadResult(long Messages, TimeSpan Elapsed, TimeSpan P50, TimeSpan P99, int Errors)
{
    /// <summary>The line run.sh parses, in the same form its wrk script prints:
    /// <c>RESULT requests=N duration_us=N p50_us=N p99_us=N non2xx=0 errors=N</c>.</summary>
    /// <returns>The line.</returns>
    public string ToResultLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"RESULT requests={Messages} duration_us={(long)Elapsed.TotalMicroseconds} p50_us={(long)P50.TotalMicroseconds} p99_us={(long)P99.TotalMicroseconds} non2xx=0 errors={Errors}");
}