using Npgsql;

namespace Gateway.Benchmarks.SignalR;

/// <summary>
/// Messages in PostgreSQL the way the Gateway chat stores them: the room's seq taken by <c>UPDATE … RETURNING</c> in the
/// transaction that inserts the message (which locks the room row), idempotent per client id. Parameterized SQL only.
/// </summary>
internal sealed class MessageStore(NpgsqlDataSource dataSource)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS rooms (name text PRIMARY KEY, last_seq bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS messages (
            room text NOT NULL REFERENCES rooms (name), seq bigint NOT NULL, client_id text NOT NULL UNIQUE,
            text text NOT NULL, sent_at bigint NOT NULL, PRIMARY KEY (room, seq));
        """;

    /// <summary>Creates the tables (under an advisory lock: two instances start together).</summary>
    public async Task MigrateAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7346201918);", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync();
        }

        await using (var create = new NpgsqlCommand(Schema, connection, transaction))
        {
            await create.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>Stores the message and returns its seq; a repeated client id returns the first seq and stores nothing.</summary>
    public async Task<long> StoreAsync(string room, string clientId, string text)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        long seq;
        await using (var next = new NpgsqlCommand(
            "INSERT INTO rooms (name, last_seq) VALUES (@room, 1) ON CONFLICT (name) DO UPDATE SET last_seq = rooms.last_seq + 1 RETURNING last_seq;",
            connection, transaction))
        {
            next.Parameters.AddWithValue("room", room);
            seq = (long)(await next.ExecuteScalarAsync())!;
        }

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO messages (room, seq, client_id, text, sent_at) VALUES (@room, @seq, @client, @text, @at) ON CONFLICT (client_id) DO NOTHING;",
            connection, transaction))
        {
            insert.Parameters.AddWithValue("room", room);
            insert.Parameters.AddWithValue("seq", seq);
            insert.Parameters.AddWithValue("client", clientId);
            insert.Parameters.AddWithValue("text", text);
            insert.Parameters.AddWithValue("at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            if (await insert.ExecuteNonQueryAsync() == 0)
            {
                await transaction.RollbackAsync();
                return await ExistingSeqAsync(connection, clientId);
            }
        }

        await transaction.CommitAsync();
        return seq;
    }

    private static async Task<long> ExistingSeqAsync(NpgsqlConnection connection, string clientId)
    {
        await using var select = new NpgsqlCommand("SELECT seq FROM messages WHERE client_id = @client;", connection);
        select.Parameters.AddWithValue("client", clientId);
        return (long)(await select.ExecuteScalarAsync())!;
    }
}