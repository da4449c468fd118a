using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Tests.Services;

/// <summary>
/// Debian's nginx in front of chat instances, configured from the sample's own
/// <c>cluster/nginx.conf.template</c> (copied next to the assembly), so the tests and the benchmark exercise the
/// configuration that <c>cluster/run.sh</c> ships. Listens on a free 127.0.0.1 port; connects to the instances
/// from <see cref="ProxyAddress"/>. Disposing stops it and deletes its directory.
/// </summary>
internal sealed class NginxProcess : IAsyncDisposable
{
    /// <summary>The source address nginx connects to the instances from (the one they trust forwarded headers from).</summary>
    public const string ProxyAddress = "127.0.0.2";

    private readonly Process _process;
    private readonly string _directory;

    private NginxProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseUri => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));

    public Uri WebSocketUri => new(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{Port}/ws"));

    /// <summary>The master's process id (its one worker is its child).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Renders the template for <paramref name="upstreamPorts"/> (instances on 127.0.0.1), starts nginx and waits until it listens.</summary>
    public static async Task<NginxProcess> StartAsync(IReadOnlyList<int> upstreamPorts, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(upstreamPorts);
        var template = Path.Combine(AppContext.BaseDirectory, "cluster", "nginx.conf.template");
        var directory = Directory.CreateTempSubdirectory("chat-nginx-").FullName;
        var listen = port ?? FreePort();
        var upstreams = new StringBuilder();
        foreach (var upstream in upstreamPorts)
        {
            upstreams.Append(CultureInfo.InvariantCulture, $"server 127.0.0.1:{upstream} max_fails=1 fail_timeout=5s; ");
        }

        var config = (await File.ReadAllTextAsync(template))
            .Replace("@USER@", Environment.UserName == "root" ? "user root;" : string.Empty, StringComparison.Ordinal)
            .Replace("@PREFIX@", directory, StringComparison.Ordinal)
            .Replace("@LISTEN@", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{listen}"), StringComparison.Ordinal)
            .Replace("@UPSTREAMS@", upstreams.ToString(), StringComparison.Ordinal)
            .Replace("@PROXY_BIND@", ProxyAddress, StringComparison.Ordinal);
        var configPath = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config);
        var info = new ProcessStartInfo("nginx") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-p", directory, "-e", Path.Combine(directory, "error.log"), "-c", configPath })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("nginx did not start.");
        var nginx = new NginxProcess(process, directory, listen);
        try
        {
            await nginx.WaitUntilListeningAsync();
            return nginx;
        }
        catch
        {
            await nginx.DisposeAsync();
            throw;
        }
    }

    /// <summary>nginx's error log so far (for failure messages).</summary>
    public string ErrorLog()
    {
        var path = Path.Combine(_directory, "error.log");
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory; best effort.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()} {ErrorLog()}");
            }

            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port));
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("nginx did not start listening within 60 s.");
    }
}