using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Gateway.Packaging.Tests;

/// <summary>
/// Black-box tests of samples/Gateway.Samples.Aot, a program on Abstractions + Server + Routing. By default they run the
/// JIT build (<c>dotnet run</c>); <c>eng/aot-sample.sh</c> publishes the Native AOT binary and sets
/// <c>GATEWAY_AOT_SAMPLE</c> to it, so that the same tests check the native program.
/// </summary>
// In the packed-feed collection so that its builds never run beside the fixture's root `dotnet pack` (both restore
// the same projects).
[Collection(PackagingCollection.Name)]
public sealed class AotSampleTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly int _port = FreePort();
    private readonly StringBuilder _output = new();
    private Process? _sample;

    private Uri Base => new($"http://127.0.0.1:{_port}/");

    public async Task InitializeAsync()
    {
        var port = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var native = Environment.GetEnvironmentVariable("GATEWAY_AOT_SAMPLE");
        if (!string.IsNullOrEmpty(native))
        {
            var info = new ProcessStartInfo(native) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("--port");
            info.ArgumentList.Add(port);
            _sample = Process.Start(info)!;
        }
        else
        {
            // The Debug build, which a root `dotnet test` has already made: the packaging fixture packs Release in
            // parallel, and the two must not write the same outputs.
            var root = FindRepositoryRoot();
            var (exitCode, output) = await DotNet.RunAsync(root, PackedFeed.CommandTimeout, "build", Path.Combine("samples", "Gateway.Samples.Aot"));
            Assert.True(exitCode == 0, output);
            _sample = DotNet.Start(root, Path.Combine(root, "samples", "Gateway.Samples.Aot", "bin", "Debug", "net10.0", "Gateway.Samples.Aot.dll"), "--port", port);
        }

        _sample.OutputDataReceived += (_, e) => Append(e.Data);
        _sample.ErrorDataReceived += (_, e) => Append(e.Data);
        _sample.BeginOutputReadLine();
        _sample.BeginErrorReadLine();
        await WaitUntilListeningAsync();
    }

    public Task DisposeAsync()
    {
        if (_sample is { HasExited: false })
        {
            _sample.Kill(entireProcessTree: true);
            _sample.WaitForExit(10_000);
        }

        _sample?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_sample_routes_text_json_and_404()
    {
        using var client = new HttpClient { BaseAddress = Base, Timeout = Timeout };

        Assert.Equal("Hello from Gateway", await client.GetStringAsync("/"));
        using var item = await client.GetAsync("/items/42");
        Assert.Equal("application/json", item.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"id":42}""", await item.Content.ReadAsStringAsync());
        using var missing = await client.GetAsync("/items/forty-two");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_sample_echoes_websocket_messages()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_port}/echo"), CancellationToken.None).WaitAsync(Timeout);
        await socket.SendAsync("native"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[64];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Timeout);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("native", Encoding.UTF8.GetString(buffer, 0, result.Count));
    }

    [Fact]
    public async Task SIGTERM_stops_the_sample_gracefully_and_it_says_so()
    {
        using var kill = Process.Start("kill", ["-TERM", _sample!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(Timeout);
        await _sample.WaitForExitAsync().WaitAsync(Timeout);

        Assert.Equal(0, _sample.ExitCode);
        Assert.Contains("info: Gateway server stopped", Output(), StringComparison.Ordinal);
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (!Output().Contains($"listening on http://127.0.0.1:{_port}", StringComparison.Ordinal))
        {
            if (_sample!.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new Xunit.Sdk.XunitException($"The sample did not start listening; its output:\n{Output()}");
            }

            await Task.Delay(50);
        }
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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