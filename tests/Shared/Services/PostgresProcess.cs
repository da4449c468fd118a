using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Services;

/// <summary>
/// A throw-away PostgreSQL cluster (Debian's newest <c>/usr/lib/postgresql/N/bin</c>) on a free 127.0.0.1 port in a
/// temporary directory, with one database <c>chat</c>; as root it runs as the <c>postgres</c> user (PostgreSQL refuses
/// root). Disposing stops it and deletes the directory. For the chat load benchmark (the chat tests keep their
/// xunit fixture, PostgresCluster).
/// </summary>
internal sealed class PostgresProcess : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;
    private readonly bool _asRoot;

    private PostgresProcess(string bin, string directory, bool asRoot, int port)
    {
        _bin = bin;
        _directory = directory;
        _asRoot = asRoot;
        Port = port;
    }

    public int Port { get; }

    /// <summary>An Npgsql connection string for the <c>chat</c> database.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database=chat;Maximum Pool Size=50");

    public static async Task<PostgresProcess> StartAsync(int maxConnections = 300)
    {
        var bin = FindBin() ?? throw new InvalidOperationException("PostgreSQL not found: apt-get install postgresql");
        var asRoot = Environment.UserName == "root";
        var directory = Directory.CreateTempSubdirectory("chat-pg-").FullName;
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", directory]);
        }

        var postgres = new PostgresProcess(bin, directory, asRoot, FreePort());
        try
        {
            var data = Path.Combine(directory, "data");
            await postgres.RunPostgresAsync("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
            await postgres.RunPostgresAsync("pg_ctl", [
                "-D", data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
                "-o", string.Create(CultureInfo.InvariantCulture, $"-p {postgres.Port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections={maxConnections}"),
                "start",
            ]);
            await postgres.RunPostgresAsync("createdb", ["-h", "127.0.0.1", "-p", postgres.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "chat"]);
            return postgres;
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(_directory, "data", "postmaster.pid")))
            {
                await RunPostgresAsync("pg_ctl", ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"]);
            }
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string? FindBin()
    {
        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
        {
            return null;
        }

        return Directory.GetDirectories(Root)
            .Where(directory => int.TryParse(Path.GetFileName(directory), out _) && File.Exists(Path.Combine(directory, "bin", "initdb")))
            .OrderByDescending(directory => int.Parse(Path.GetFileName(directory), CultureInfo.InvariantCulture))
            .Select(directory => Path.Combine(directory, "bin"))
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunPostgresAsync(string program, IReadOnlyList<string> arguments) =>
        _asRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. arguments])
            : RunAsync(Path.Combine(_bin, program), arguments);

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}