// The WebSocket load client: `--check` verifies the echo; otherwise it loads the endpoint and prints the RESULT line
// run.sh parses, preceded by a human-readable summary.
using System.Globalization;

using Gateway.Benchmarks.WebSocketLoad;

if (!LoadArguments.TryParse(args, out var arguments))
{
    await Console.Error.WriteLineAsync(LoadArguments.Usage);
    return 2;
}

if (arguments.Check)
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
    var problem = await EchoCheck.RunAsync(arguments.Url, arguments.Size, timeout.Token);
    if (problem is not null)
    {
        await Console.Error.WriteLineAsync($"{arguments.Url}: {problem}");
        return 1;
    }

    Console.WriteLine($"{arguments.Url}: text and binary echoes match");
    return 0;
}

var result = await EchoLoad.RunAsync(arguments.Url, arguments.Connections, TimeSpan.FromSeconds(arguments.Seconds), arguments.Size, arguments.Text);
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"{result.Messages} echoes of {arguments.Size} bytes over {arguments.Connections} connections in {result.Elapsed.TotalSeconds:F2} s: {result.Messages / result.Elapsed.TotalSeconds:F0} messages/s, p50 {result.P50.TotalMilliseconds:F3} ms, p99 {result.P99.TotalMilliseconds:F3} ms, {result.Errors} failed connections"));
Console.WriteLine(result.ToResultLine());
return result.Errors == 0 ? 0 : 1;