using System.Diagnostics;
using System.Reflection;

namespace Gateway.Benchmarks.Tests.ChatLoad;

/// <summary>
/// The chat load benchmark end to end in a tiny configuration, every setup (the chat on SQLite, on PostgreSQL, two
/// instances behind nginx on Redis, SignalR alone and with its Redis backplane): it must finish with exit code 0 and
/// report a row per setup with deliveries and no message lost or duplicated.
/// </summary>
public sealed class ChatLoadSmokeTests
{
    private static readonly string[] s_setups = ["sqlite", "postgres", "redis", "signalr", "signalr-redis"];

    [PeerFact(Peer.PostgreSql, Peer.RedisServer, Peer.Nginx)]
    public async Task A_tiny_run_of_every_setup_reports_deliveries_and_nothing_lost_or_duplicated()
    {
        var (exitCode, output, error) = await RunAsync("--users", "10", "--rooms", "2", "--rate", "1", "--warmup", "1", "--duration", "2", "--no-pin");

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{error}");
        var rows = output.Split('\n').Where(line => line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("| setup", StringComparison.Ordinal)).ToList();
        Assert.Equal(s_setups.Length, rows.Count);
        foreach (var row in rows)
        {
            var cells = row.Split('|', StringSplitOptions.TrimEntries)[1..^1];
            Assert.Equal(14, cells.Length);
            Assert.True(double.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture) > 0, row); // deliveries/s
            Assert.Equal(["0", "0", "0"], cells[9..12]); // lost, duplicated, errors
        }
    }

    [Fact]
    public async Task A_bad_command_line_exits_2_with_the_usage()
    {
        var (exitCode, _, error) = await RunAsync("--setups", "mongodb");

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: Gateway.Benchmarks.ChatLoad", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(EntryAssembly());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    private static string EntryAssembly()
    {
        var configuration = typeof(ChatLoadSmokeTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.slnx")))
            {
                var path = Path.Combine(directory.FullName, "benchmarks", "Gateway.Benchmarks.ChatLoad", "bin", configuration, "net10.0", "Gateway.Benchmarks.ChatLoad.dll");
                return File.Exists(path) ? path : throw new FileNotFoundException("build benchmarks/Gateway.Benchmarks.ChatLoad first", path);
            }
        }

        throw new DirectoryNotFoundException($"no Gateway.slnx above {AppContext.BaseDirectory}");
    }
}