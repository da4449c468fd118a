using System.Diagnostics;

namespace Gateway.Benchmarks.Tests.Hosting;

/// <summary>A benchmark server running as its own process on a free port at 127.0.0.1, the way run.sh starts it
/// (<c>dotnet &lt;dll&gt; --port 0 ...</c>); ready once it printed <c>listening on &lt;url&gt;</c>. Disposing kills it.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's address, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    /// <param name="dllPath">The server's entry assembly.</param>
    /// <param name="arguments">Arguments after <c>--port 0</c>.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException">The server exited or did not report its address in time.</exception>
    public static async Task<ServerProcess> StartAsync(string dllPath, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[dllPath, "--port", "0", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dllPath}");
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                const string Ready = "listening on ";
                if (line.StartsWith(Ready, StringComparison.Ordinal))
                {
                    var url = line[Ready.Length..].Split(' ')[0];
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None); // keep the pipe drained
                    return new ServerProcess(process, new Uri(url + "/"));
                }
            }

            throw new InvalidOperationException($"{Path.GetFileName(dllPath)} exited before listening: {await errors}");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Kills the server and waits for it to exit.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}