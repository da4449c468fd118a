using System.Data.Common;

namespace Gateway.Samples.Chat.Storage;

/// <summary><see cref="IRefreshTokenRepository"/> in the SQL both providers accept.</summary>
internal sealed class SqlRefreshTokenRepository(DbDataSource dataSource) : IRefreshTokenRepository
{
    /// <inheritdoc />
    public async Task<long> CreateFamilyAsync(long userId, string userAgent, string tokenHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long familyId;
        await using (var family = connection.Command(
            "INSERT INTO refresh_families (user_id, user_agent, created_at, last_used_at) VALUES (@user, @agent, @now, @now) RETURNING id;",
            transaction,
            ("@user", userId),
            ("@agent", userAgent),
            ("@now", Sql.ToUnixMs(now))))
        {
            familyId = Convert.ToInt64(await family.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        await InsertTokenAsync(connection, transaction, familyId, tokenHash, now, expiresAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return familyId;
    }

    /// <inheritdoc />
    public async Task<RotateResult> RotateAsync(string presentedHash, string newHash, DateTimeOffset now, DateTimeOffset newExpiresAt, CancellationToken cancellationToken = default)
    {
        var nowMs = Sql.ToUnixMs(now);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        long familyId, userId, expiresAt;
        bool used, revoked;
        await using (var find = connection.Command(
            "SELECT t.family_id, f.user_id, t.expires_at, t.used_at IS NOT NULL, f.revoked_at IS NOT NULL FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family_id WHERE t.token_hash = @hash;",
            transaction,
            ("@hash", presentedHash)))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return new RotateResult(RotateStatus.Invalid, 0, 0);
            }

            (familyId, userId, expiresAt, used, revoked) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetBoolean(3), reader.GetBoolean(4));
        }

        if (revoked || expiresAt <= nowMs)
        {
            return new RotateResult(RotateStatus.Invalid, 0, 0);
        }

        if (!used)
        {
            // The guard on used_at makes a concurrent second rotation of the same token wait for this one (PostgreSQL
            // row lock) and then update nothing, which is reuse like any other.
            await using var markUsed = connection.Command(
                "UPDATE refresh_tokens SET used_at = @now WHERE token_hash = @hash AND used_at IS NULL;",
                transaction,
                ("@now", nowMs),
                ("@hash", presentedHash));
            used = await markUsed.ExecuteNonQueryAsync(cancellationToken) == 0;
        }

        if (used)
        {
            await RevokeAsync(connection, transaction, familyId, nowMs, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new RotateResult(RotateStatus.Reused, userId, familyId);
        }

        await InsertTokenAsync(connection, transaction, familyId, newHash, now, newExpiresAt, cancellationToken);
        await using (var touch = connection.Command("UPDATE refresh_families SET last_used_at = @now WHERE id = @family;", transaction, ("@now", nowMs), ("@family", familyId)))
        {
            await touch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new RotateResult(RotateStatus.Rotated, userId, familyId);
    }

    /// <inheritdoc />
    public async Task<bool> RevokeFamilyByTokenAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            "UPDATE refresh_families SET revoked_at = @now WHERE revoked_at IS NULL AND id = (SELECT family_id FROM refresh_tokens WHERE token_hash = @hash);",
            null,
            ("@now", Sql.ToUnixMs(now)),
            ("@hash", tokenHash));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> RevokeFamilyAsync(long userId, long familyId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            "UPDATE refresh_families SET revoked_at = @now WHERE id = @family AND user_id = @user AND revoked_at IS NULL;",
            null,
            ("@now", Sql.ToUnixMs(now)),
            ("@family", familyId),
            ("@user", userId));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RefreshFamily>> ListActiveFamiliesAsync(long userId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT f.id, f.user_id, f.user_agent, f.created_at, f.last_used_at
            FROM refresh_families f
            WHERE f.user_id = @user AND f.revoked_at IS NULL
              AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = f.id AND t.used_at IS NULL AND t.expires_at > @now)
            ORDER BY f.last_used_at DESC, f.id DESC;
            """,
            null,
            ("@user", userId),
            ("@now", Sql.ToUnixMs(now)));
        var families = new List<RefreshFamily>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            families.Add(new RefreshFamily(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), Sql.FromUnixMs(reader.GetInt64(3)), Sql.FromUnixMs(reader.GetInt64(4))));
        }

        return families;
    }

    private static async Task InsertTokenAsync(DbConnection connection, DbTransaction transaction, long familyId, string tokenHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var token = connection.Command(
            "INSERT INTO refresh_tokens (token_hash, family_id, created_at, expires_at) VALUES (@hash, @family, @now, @expires);",
            transaction,
            ("@hash", tokenHash),
            ("@family", familyId),
            ("@now", Sql.ToUnixMs(now)),
            ("@expires", Sql.ToUnixMs(expiresAt)));
        await token.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RevokeAsync(DbConnection connection, DbTransaction transaction, long familyId, long nowMs, CancellationToken cancellationToken)
    {
        await using var revoke = connection.Command(
            "UPDATE refresh_families SET revoked_at = @now WHERE id = @family AND revoked_at IS NULL;",
            transaction,
            ("@now", nowMs),
            ("@family", familyId));
        await revoke.ExecuteNonQueryAsync(cancellationToken);
    }
}