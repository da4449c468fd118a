using System.Data.Common;

namespace Gateway.Samples.Chat.Storage;

/// <summary><see cref="IUserRepository"/> in the SQL both providers accept.</summary>
internal sealed class SqlUserRepository(DbDataSource dataSource) : IUserRepository
{
    private const string Columns = "id, username, password_hash, show_last_seen, last_seen, created_at";

    /// <inheritdoc />
    public async Task<User?> CreateAsync(string username, string passwordHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // ON CONFLICT DO NOTHING returns no row for a taken name, so a race between two registrations needs no catch.
        await using var command = connection.Command(
            $"INSERT INTO users (username, password_hash, show_last_seen, created_at) VALUES (@username, @hash, TRUE, @now) ON CONFLICT (username) DO NOTHING RETURNING {Columns};",
            null,
            ("@username", username),
            ("@hash", passwordHash),
            ("@now", Sql.ToUnixMs(now)));
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<User?> FindByUsernameAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM users WHERE username = @username;", null, ("@username", username));
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<User?> FindByIdAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM users WHERE id = @id;", null, ("@id", userId));
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> SetShowLastSeenAsync(long userId, bool showLastSeen, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("UPDATE users SET show_last_seen = @show WHERE id = @id;", null, ("@show", showLastSeen), ("@id", userId));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task SetLastSeenAsync(long userId, DateTimeOffset lastSeen, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("UPDATE users SET last_seen = @seen WHERE id = @id;", null, ("@seen", Sql.ToUnixMs(lastSeen)), ("@id", userId));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<User?> ReadOneAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new User(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetBoolean(3),
            Sql.FromUnixMsOrNull(reader, 4),
            Sql.FromUnixMs(reader.GetInt64(5)));
    }
}