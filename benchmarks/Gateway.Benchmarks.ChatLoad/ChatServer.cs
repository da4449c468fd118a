using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Benchmarks.ChatLoad;

/// <summary>
/// The chat as a child process: <c>[taskset -c 0] dotnet Gateway.Samples.Chat.dll</c> on SQLite in a temporary data
/// directory on a free 127.0.0.1 port. Disposing kills it and deletes the directory.
/// </summary>
internal sealed class ChatServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _disposed;

    private ChatServer(Process process, string dataDirectory, Uri baseUri, bool pinned)
    {
        _process = process;
        DataDirectory = dataDirectory;
        BaseUri = baseUri;
        Pinned = pinned;
    }

    public Uri BaseUri { get; }

    public Uri WebSocketUri => new($"ws://{BaseUri.Authority}/ws");

    public string DataDirectory { get; }

    /// <summary>Whether the server runs on CPU 0 alone.</summary>
    public bool Pinned { get; }

    public int ProcessId => _process.Id;

    /// <summary>The last 64 KiB the server printed (for error messages).</summary>
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

    /// <summary>Starts the chat and waits (at most 60 s) until <c>/healthz</c> answers 200.</summary>
    public static async Task<ChatServer> StartAsync(string chatDll, bool pin, CancellationToken cancellationToken)
    {
        if (!File.Exists(chatDll))
        {
            throw new FileNotFoundException($"The chat is not built at {chatDll} (build this project, or pass --chat).", chatDll);
        }

        var taskset = pin && Environment.ProcessorCount >= 2 ? FindTaskset() : null;
        var port = FreePort();
        var dataDirectory = Directory.CreateTempSubdirectory("chat-load-").FullName;
        var start = new ProcessStartInfo(taskset ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (taskset is not null)
        {
            // taskset execs dotnet: the process id stays the server's, so /proc/<pid>/stat is the server's.
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("0");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(chatDll);
        start.ArgumentList.Add($"--Chat:DataDirectory={dataDirectory}");
        start.ArgumentList.Add($"--Chat:Listen=http://127.0.0.1:{port}");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("The chat did not start.");
        }
        catch
        {
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }

        var server = new ChatServer(process, dataDirectory, new Uri($"http://127.0.0.1:{port}/"), taskset is not null);
        try
        {
            process.OutputDataReceived += (_, e) => server.Append(e.Data);
            process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await server.WaitHealthyAsync(cancellationToken);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The server's CPU time so far (utime + stime of <c>/proc/&lt;pid&gt;/stat</c>, every thread).</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");

        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)s_clockTicksPerSecond.Value);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: it is a temporary directory.
            }
        }
    }

    private static readonly Lazy<long> s_clockTicksPerSecond = new(() =>
    {
        // USER_HZ, the unit of /proc/<pid>/stat: 100 on every common Linux, asked of getconf to be sure.
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false });
            if (getconf is not null && long.TryParse(getconf.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture, out var hz) && hz > 0)
            {
                getconf.WaitForExit(5_000);
                return hz;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No getconf.
        }

        return 100;
    });

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The chat exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var health = await http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The 5 s request timeout.
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"The chat did not become healthy within 60 s:\n{Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 64 * 1024)
            {
                _output.Remove(0, _output.Length - (64 * 1024));
            }
        }
    }

    private static string? FindTaskset()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(directory, "taskset");
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}