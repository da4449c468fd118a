using System.Net;
using System.Net.Sockets;

using Gateway.Samples.Chat.Tests.Support;

using Microsoft.Data.Sqlite;

namespace Gateway.Samples.Chat.Tests;

/// <summary>The chat's entry point as an operator meets it: a start-up failure ends the process with its documented
/// exit code and one line on stderr that names the cause, before anything listens. (Serving, SIGTERM and SIGKILL are
/// covered by <see cref="Realtime.ChatDurabilityTests"/>.)</summary>
public sealed class ProgramTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chat-program-").FullName;

    [Fact]
    public async Task A_taken_port_exits_with_1_and_one_line_naming_the_address()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, output, error) = await ChatProcess.RunToExitAsync($"--Chat:DataDirectory={_directory}", $"--Chat:Listen=http://127.0.0.1:{port}");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("chat: ", StringComparison.Ordinal));
        Assert.Contains($"could not start listening on http://127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("in use", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("open http", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_database_provider_exits_with_2_naming_the_key()
    {
        var (exitCode, _, error) = await ChatProcess.RunToExitAsync($"--Chat:DataDirectory={_directory}", $"--Chat:Listen=http://127.0.0.1:{FreePort()}", "--Chat:Database:Provider=oracle");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("chat: configuration error: ", error, StringComparison.Ordinal);
        Assert.Contains("Chat:Database:Provider", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_migration_exits_with_3_naming_it_and_leaves_the_database_as_it_was()
    {
        // A database the initial migration cannot apply to: a foreign "rooms" table with a row in it. The script creates
        // three tables before it reaches "rooms"; all of them must be rolled back with the failure.
        var database = Path.Combine(_directory, "chat.db");
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE rooms (legacy TEXT NOT NULL); INSERT INTO rooms (legacy) VALUES ('kept');";
            await create.ExecuteNonQueryAsync();
        }

        var (exitCode, output, error) = await ChatProcess.RunToExitAsync($"--Chat:DataDirectory={_directory}", $"--Chat:Listen=http://127.0.0.1:{FreePort()}");

        Assert.Equal(3, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("chat: ", StringComparison.Ordinal));
        Assert.Contains("Migration 0001_initial failed; no migration was applied", line, StringComparison.Ordinal);
        Assert.DoesNotContain("open http", output, StringComparison.Ordinal);
        await using (var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=false"))
        {
            await connection.OpenAsync();
            await using var tables = connection.CreateCommand();
            tables.CommandText = "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name);";
            Assert.Equal("rooms", await tables.ExecuteScalarAsync());
            await using var rows = connection.CreateCommand();
            rows.CommandText = "SELECT group_concat(legacy, ',') FROM rooms;";
            Assert.Equal("kept", await rows.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Gateway_server_settings_from_configuration_apply_to_the_chat()
    {
        // The host binds Gateway:Server like any Gateway.Hosting app: an invalid one fails start-up naming the key.
        var (exitCode, _, error) = await ChatProcess.RunToExitAsync(
            $"--Chat:DataDirectory={_directory}", $"--Chat:Listen=http://127.0.0.1:{FreePort()}", "--Gateway:Server:Limits:MaxRequestHeaderCount=0");

        Assert.Equal(1, exitCode);
        Assert.Contains("Gateway:Server:Limits:MaxRequestHeaderCount is invalid", error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}