using System.Diagnostics;

using Gateway.Benchmarks.Hosting;

namespace Gateway.Benchmarks.Tests.Hosting;

/// <summary>The server's command line as run.sh uses it, on the built server process.</summary>
public class CommandLineTests
{
    [Fact]
    public async Task List_shapes_prints_every_shape_one_a_line_and_exits_0()
    {
        var (exitCode, output, _) = await RunAsync("--list-shapes");

        Assert.Equal(0, exitCode);
        Assert.Equal(BenchmarkShapes.Names, output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task An_unknown_shape_exits_2_with_the_usage()
    {
        var (exitCode, _, error) = await RunAsync("--shape", "nonexistent");

        Assert.Equal(2, exitCode);
        Assert.Contains(ServerArguments.Usage, error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(BenchmarkServer.GatewayEntryAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}