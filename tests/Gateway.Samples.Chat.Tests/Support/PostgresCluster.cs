using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;

using Npgsql;

namespace Gateway.Samples.Chat.Tests.Support;

/// <summary>
/// A throw-away PostgreSQL cluster on a free 127.0.0.1 port in a temporary directory, started once per test class
/// and removed afterwards. PostgreSQL refuses to run as root, so as root it runs as the <c>postgres</c> user.
/// Each test gets its own database from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private static int s_databases;
    private string? _bin;
    private string? _directory;
    private string? _adminConnectionString;

    public async Task InitializeAsync()
    {
        _bin = Peers.FindPostgresBin();
        if (_bin is null)
        {
            // The tests using this fixture are skipped (or, on CI, fail in CreateDatabaseAsync).
            return;
        }

        var asRoot = Environment.UserName == "root";
        _directory = Directory.CreateTempSubdirectory("chat-pg-").FullName;
        var dataDirectory = Path.Combine(_directory, "data");
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", _directory]);
        }

        await RunPostgresAsync(asRoot, "initdb", ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        var port = FreePort();
        await RunPostgresAsync(asRoot, "pg_ctl", [
            "-D", dataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            "start",
        ]);
        _adminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    public async Task DisposeAsync()
    {
        if (_bin is null || _directory is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunPostgresAsync(Environment.UserName == "root", "pg_ctl", ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        if (_adminConnectionString is null)
        {
            throw new InvalidOperationException(Peers.MissingReason(Peers.PostgreSql) ?? "The PostgreSQL cluster did not start.");
        }

        var name = $"chat_test_{Interlocked.Increment(ref s_databases)}";
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true, MaxPoolSize = 20 }.ToString();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunPostgresAsync(bool asRoot, string program, IReadOnlyList<string> arguments) =>
        asRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin!, program), .. arguments])
            : RunAsync(Path.Combine(_bin!, program), arguments);

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
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