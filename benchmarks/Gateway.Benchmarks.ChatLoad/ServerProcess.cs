using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Benchmarks.ChatLoad;

/// <summary>
/// A server under load as a child process: <c>[taskset -c 0] dotnet SERVER.dll ARGS</c> on a free 127.0.0.1 port (the
/// chat sample, or the SignalR peer), optionally with a temporary data directory. Disposing kills it and deletes the
/// directory.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _disposed;

    private ServerProcess(Process process, string? dataDirectory, Uri baseUri, bool pinned)
    {
        _process = process;
        DataDirectory = dataDirectory;
        BaseUri = baseUri;
        Pinned = pinned;
    }

    public Uri BaseUri { get; }

    public int Port => BaseUri.Port;

    public string? DataDirectory { get; }

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

    /// <summary>
    /// Starts the chat sample (<paramref name="chatDll"/>) on a new data directory with <paramref name="arguments"/>
    /// added, and waits (at most 60 s) until <c>/healthz</c> answers 200.
    /// </summary>
    public static Task<ServerProcess> StartChatAsync(string chatDll, bool pin, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("chat-load-").FullName;
        return StartAsync(chatDll, pin, dataDirectory, port => [$"--Chat:DataDirectory={dataDirectory}", $"--Chat:Listen=http://127.0.0.1:{port}", .. arguments], cancellationToken);
    }

    /// <summary>Starts <paramref name="dll"/> with the arguments <paramref name="arguments"/> makes for its port; waits for <c>/healthz</c>.</summary>
    public static async Task<ServerProcess> StartAsync(string dll, bool pin, string? dataDirectory, Func<int, IReadOnlyList<string>> arguments, CancellationToken cancellationToken)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Not built: {dll} (build this project, or pass the path).", dll);
        }

        var taskset = pin && Environment.ProcessorCount >= 2 ? FindTaskset() : null;
        var port = FreePort();
        var start = new ProcessStartInfo(taskset ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (taskset is not null)
        {
            // taskset execs dotnet: the process id stays the server's, so /proc/<pid>/stat is the server's.
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("0");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(dll);
        foreach (var argument in arguments(port))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{dll} did not start.");
        }
        catch
        {
            if (dataDirectory is not null)
            {
                Directory.Delete(dataDirectory, recursive: true);
            }

            throw;
        }

        var server = new ServerProcess(process, dataDirectory, new Uri($"http://127.0.0.1:{port}/"), taskset is not null);
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

    /// <summary>The server's resident memory now (VmRSS of <c>/proc/&lt;pid&gt;/status</c>), in bytes.</summary>
    public long ResidentBytes() => ResidentBytesOf(_process.Id);

    /// <summary>VmRSS of any process, in bytes (0 when it is gone).</summary>
    public static long ResidentBytesOf(int processId)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // Exited.
        }

        return 0;
    }

    /// <summary>The server's CPU time so far (utime + stime of <c>/proc/&lt;pid&gt;/stat</c>, every thread).</summary>
    public TimeSpan CpuTime() => CpuTimeOf(_process.Id);

    /// <summary>utime + stime of any process (every thread), or zero when it is gone.</summary>
    public static TimeSpan CpuTimeOf(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }

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
                if (DataDirectory is not null)
                {
                    Directory.Delete(DataDirectory, recursive: true);
                }
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
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
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
                throw new TimeoutException($"The server did not become healthy within 60 s:\n{Output}");
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