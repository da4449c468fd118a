using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Server.Tests.Support;

/// <summary>A real nginx (Debian's), started on 127.0.0.1 with a generated configuration and stopped on dispose.</summary>
internal sealed class Nginx : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private Nginx(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts nginx with <paramref name="httpBlock"/> inside its <c>http { }</c> block; <c>{port}</c> in it is
    /// replaced with the port nginx listens on.</summary>
    public static async Task<Nginx> StartAsync(string httpBlock)
    {
        PeerCatalog.Require(Peer.Nginx);
        var directory = Directory.CreateTempSubdirectory("gw-nginx-").FullName;
        var port = FreePort();
        var runAsRoot = Environment.UserName == "root" ? "user root;" : string.Empty;
        var config = $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            {{runAsRoot}}
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                {{httpBlock.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)}}
            }
            """;
        var configPath = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config);
        var info = new ProcessStartInfo("nginx") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-p", directory, "-e", Path.Combine(directory, "error.log"), "-c", configPath })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("nginx did not start.");
        var nginx = new Nginx(process, directory, port);
        await nginx.WaitUntilListeningAsync();
        return nginx;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow + Timeouts.Default;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                var log = File.Exists(Path.Combine(_directory, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(_directory, "error.log")) : string.Empty;
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()} {log}");
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

        throw new TimeoutException("nginx did not start listening.");
    }
}