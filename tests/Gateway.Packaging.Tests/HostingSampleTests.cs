using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Packaging.Tests;

/// <summary>
/// Black-box tests of samples/Gateway.Samples.Hosting, a generic-host program (<c>Host.CreateApplicationBuilder</c> +
/// <c>AddGateway</c>): options from its appsettings.json and the environment, a graceful stop on SIGTERM, and a clear
/// failure on a taken port.
/// </summary>
// In the packed-feed collection so that its builds never run beside the fixture's root `dotnet pack` (both restore
// the same projects).
[Collection(PackagingCollection.Name)]
public sealed class HostingSampleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task It_serves_with_appsettings_limits_on_the_address_from_the_environment_and_SIGTERM_lets_in_flight_requests_finish()
    {
        var port = FreePort();
        await using var sample = await Sample.StartAsync($"http://127.0.0.1:{port}");
        await sample.WaitForAsync($"listening on http://127.0.0.1:{port}");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Timeout };

        Assert.Equal("Hello from the generic host (/, 16 bytes)", await (await client.PostAsync("/", new ByteArrayContent(new byte[16]))).Content.ReadAsStringAsync());
        using var tooLarge = await client.PostAsync("/", new ByteArrayContent(new byte[17]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode); // appsettings.json: Limits:MaxRequestBodySize = 16

        var slow = client.GetStringAsync("/slow");
        await Task.Delay(200);
        var stopping = Stopwatch.StartNew();
        sample.Terminate();

        Assert.Equal("Hello from the generic host (/slow, 0 bytes)", await slow.WaitAsync(Timeout));
        Assert.Equal(0, await sample.ExitCodeAsync());
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopping.Elapsed} (ShutdownTimeout is 10 s)");
        Assert.Contains("Gateway server stopped", sample.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_port_fails_the_program_at_once_with_one_clear_message()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var sample = await Sample.StartAsync($"http://127.0.0.1:{port}");

        var exitCode = await sample.ExitCodeAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"The Gateway server could not start listening on http://127.0.0.1:{port}", sample.Output, StringComparison.Ordinal);
        Assert.Contains("in use", sample.Output, StringComparison.OrdinalIgnoreCase);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Sample : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private Sample(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static async Task<Sample> StartAsync(string listen)
        {
            // The Debug build, which a root `dotnet test` has already made (the packaging fixture packs Release).
            var root = FindRepositoryRoot();
            var project = Path.Combine(root, "samples", "Gateway.Samples.Hosting");
            var (exitCode, output) = await DotNet.RunAsync(root, PackedFeed.CommandTimeout, "build", project);
            Assert.True(exitCode == 0, output);
            var bin = Path.Combine(project, "bin", "Debug", "net10.0");
            var environment = new Dictionary<string, string> { ["Gateway__Server__Listen"] = listen, ["DOTNET_ENVIRONMENT"] = "Production" };
            return new Sample(DotNet.Start(bin, environment, Path.Combine(bin, "Gateway.Samples.Hosting.dll")));
        }

        public async Task WaitForAsync(string text)
        {
            var deadline = Stopwatch.StartNew();
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                if (_process.HasExited || deadline.Elapsed > Timeout)
                {
                    throw new Xunit.Sdk.XunitException($"'{text}' never appeared; the output:\n{Output}");
                }

                await Task.Delay(50);
            }
        }

        public void Terminate()
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }

        public async Task<int> ExitCodeAsync()
        {
            await _process.WaitForExitAsync().WaitAsync(Timeout);
            _process.WaitForExit(); // drains the redirected output
            return _process.ExitCode;
        }

        public ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
            return ValueTask.CompletedTask;
        }

        private void Append(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        private static string FindRepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Gateway.slnx")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("The repository root is not above " + AppContext.BaseDirectory);
        }
    }
}