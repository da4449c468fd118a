using System.Diagnostics;
using System.Text;

namespace Gateway.Server.Tests.Support;

/// <summary>Runs real client programs (curl, Debian's python3 with h11/websockets) and captures their output.</summary>
internal static class ExternalProcess
{
    /// <summary>Debian's interpreter: the python3 packages the tests need (h11, websockets) are installed for it.</summary>
    public const string Python = PeerCatalog.Python;

    public static string ClientScript(string name) => Path.Combine(AppContext.BaseDirectory, "Clients", name);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string fileName, IEnumerable<string> arguments, string? stdin = null, TimeSpan? timeout = null)
    {
        // A missing peer fails here with its install command (in CI; elsewhere its test is skipped before this).
        PeerCatalog.Require(fileName switch
        {
            Python => Peer.Python,
            "curl" => Peer.Curl,
            _ => throw new ArgumentException($"{fileName} is not a known peer: add it to Peer and PeerCatalog.", nameof(fileName)),
        });
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in time. Stderr: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}