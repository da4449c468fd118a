using System.Diagnostics;
using System.Net;
using System.Text;

namespace Gateway.Samples.Chat.Tests.Support;

/// <summary>
/// The chat as a child process (<c>dotnet Gateway.Samples.Chat.dll</c>, built next to the tests) on a free port over
/// a given data directory, for crash tests: <see cref="KillAsync"/> is SIGKILL, no shutdown code runs. Disposing kills it
/// if it still runs; the data directory belongs to the caller.
/// </summary>
internal sealed class ChatProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChatProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public Uri WebSocketUri => new($"ws://{BaseUri.Authority}/ws");

    /// <summary>What the process printed (for failure messages).</summary>
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

    public static async Task<ChatProcess> StartAsync(string dataDirectory, params string[] arguments)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gateway.Samples.Chat.dll"));
        start.ArgumentList.Add($"--Chat:DataDirectory={dataDirectory}");
        start.ArgumentList.Add($"--Chat:Listen=http://127.0.0.1:{port}");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var chat = new ChatProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"));
        chat._process.OutputDataReceived += (_, e) => chat.Append(e.Data);
        chat._process.ErrorDataReceived += (_, e) => chat.Append(e.Data);
        chat._process.BeginOutputReadLine();
        chat._process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (chat._process.HasExited)
            {
                var (output, exitCode) = (chat.Output, chat._process.ExitCode);
                await chat.DisposeAsync();
                throw new InvalidOperationException($"The chat exited with {exitCode}: {output}");
            }

            try
            {
                using var health = await chat.Http.GetAsync("healthz");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return chat;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                var output = chat.Output;
                await chat.DisposeAsync();
                throw new TimeoutException($"The chat did not become healthy within 60 s: {output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Runs the chat with exactly <paramref name="arguments"/> until it exits by itself (a start-up failure);
    /// returns its exit code and what it printed on stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gateway.Samples.Chat.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The chat did not exit within 60 s: {await output}{await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>SIGKILL: the process ends at once, without its shutdown code.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>SIGTERM: the chat shuts down gracefully; returns its exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
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
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}