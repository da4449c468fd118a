using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Gateway.Samples.Chat.Storage;

/// <summary><see cref="IRoomRepository"/> in the SQL both providers accept.</summary>
internal sealed class SqlRoomRepository(DbDataSource dataSource) : IRoomRepository
{
    private const string RoomColumns = "r.id, r.name, r.kind, r.last_seq, r.created_at";

    /// <inheritdoc />
    public async Task<Room> CreatePublicAsync(string name, long creatorId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Room room;
        await using (var insert = connection.Command(
            "INSERT INTO rooms (name, kind, last_seq, created_at) VALUES (@name, 'public', 0, @now) RETURNING id, name, kind, last_seq, created_at;",
            transaction,
            ("@name", name),
            ("@now", Sql.ToUnixMs(now))))
        {
            room = (await ReadRoomsAsync(insert, cancellationToken))[0];
        }

        await AddMemberAsync(connection, transaction, room.Id, creatorId, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return room;
    }

    /// <inheritdoc />
    public async Task<Room> GetOrCreateDirectAsync(long userId, long otherUserId, string name, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (userId == otherUserId)
        {
            throw new ArgumentException("A direct room needs two distinct users.", nameof(otherUserId));
        }

        // The pair in a fixed order is the room's identity, whoever asks first.
        var key = string.Create(CultureInfo.InvariantCulture, $"{Math.Min(userId, otherUserId)}:{Math.Max(userId, otherUserId)}");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = connection.Command(
            "INSERT INTO rooms (name, kind, direct_key, last_seq, created_at) VALUES (@name, 'direct', @key, 0, @now) ON CONFLICT (direct_key) DO NOTHING;",
            transaction,
            ("@name", name),
            ("@key", key),
            ("@now", Sql.ToUnixMs(now))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        Room room;
        await using (var select = connection.Command($"SELECT {RoomColumns} FROM rooms r WHERE r.direct_key = @key;", transaction, ("@key", key)))
        {
            room = (await ReadRoomsAsync(select, cancellationToken))[0];
        }

        await AddMemberAsync(connection, transaction, room.Id, userId, now, cancellationToken);
        await AddMemberAsync(connection, transaction, room.Id, otherUserId, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return room;
    }

    /// <inheritdoc />
    public async Task<Room?> FindAsync(long roomId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {RoomColumns} FROM rooms r WHERE r.id = @id;", null, ("@id", roomId));
        var rooms = await ReadRoomsAsync(command, cancellationToken);
        return rooms.Count == 0 ? null : rooms[0];
    }

    /// <inheritdoc />
    public async Task<JoinRoomStatus> JoinAsync(long roomId, long userId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string? kind;
        await using (var find = connection.Command("SELECT kind FROM rooms WHERE id = @id;", transaction, ("@id", roomId)))
        {
            kind = await find.ExecuteScalarAsync(cancellationToken) as string;
        }

        if (kind is null)
        {
            return JoinRoomStatus.NotFound;
        }

        if (kind != "public")
        {
            return JoinRoomStatus.NotJoinable;
        }

        var added = await AddMemberAsync(connection, transaction, roomId, userId, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return added ? JoinRoomStatus.Joined : JoinRoomStatus.AlreadyMember;
    }

    /// <inheritdoc />
    public async Task<bool> LeaveAsync(long roomId, long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("DELETE FROM memberships WHERE room_id = @room AND user_id = @user;", null, ("@room", roomId), ("@user", userId));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> IsMemberAsync(long roomId, long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("SELECT 1 FROM memberships WHERE room_id = @room AND user_id = @user;", null, ("@room", roomId), ("@user", userId));
        return await command.ExecuteScalarAsync(cancellationToken) is not null and not DBNull;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RoomSummary>> ListForUserAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            $"""
            SELECT {RoomColumns},
                   (SELECT COUNT(*) FROM memberships c WHERE c.room_id = r.id),
                   (SELECT COUNT(*) FROM messages n WHERE n.room_id = r.id AND n.seq > me.last_read_seq AND n.sender_id <> @user),
                   me.last_read_seq,
                   {MessageRows.Columns}
            FROM memberships me
            JOIN rooms r ON r.id = me.room_id
            LEFT JOIN messages m ON m.room_id = r.id AND m.seq = r.last_seq
            LEFT JOIN users u ON u.id = m.sender_id
            WHERE me.user_id = @user
            ORDER BY COALESCE(m.sent_at, r.created_at) DESC, r.id DESC;
            """,
            null,
            ("@user", userId));
        var rooms = new List<RoomSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var room = ReadRoom(reader);
            var lastMessage = reader.IsDBNull(8) ? null : MessageRows.Read(reader, 8);
            rooms.Add(new RoomSummary(room, checked((int)reader.GetInt64(5)), lastMessage, reader.GetInt64(6), reader.GetInt64(7)));
        }

        return rooms;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Room>> SearchPublicAsync(string query, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {RoomColumns} FROM rooms r WHERE r.kind = 'public' AND lower(r.name) LIKE @pattern ESCAPE '\\' ORDER BY lower(r.name), r.id LIMIT @take;",
            null,
            ("@pattern", "%" + EscapeLike(query.ToLowerInvariant()) + "%"),
            ("@take", limit));
        return await ReadRoomsAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> MarkReadAsync(long roomId, long userId, long seq, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await IsMemberAsync(connection, transaction, roomId, userId, cancellationToken))
        {
            return false;
        }

        // CASE instead of GREATEST/MAX, which the two providers spell differently.
        await using var command = connection.Command(
            """
            UPDATE memberships
            SET last_read_seq = CASE WHEN @seq > (SELECT last_seq FROM rooms WHERE id = @room) THEN (SELECT last_seq FROM rooms WHERE id = @room) ELSE @seq END
            WHERE room_id = @room AND user_id = @user AND last_read_seq < @seq;
            """,
            transaction,
            ("@seq", seq),
            ("@room", roomId),
            ("@user", userId));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Contact>> ListContactsAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            """
            SELECT DISTINCT u.id, u.show_last_seen
            FROM memberships mine
            JOIN memberships other ON other.room_id = mine.room_id AND other.user_id <> mine.user_id
            JOIN users u ON u.id = other.user_id
            WHERE mine.user_id = @user
            ORDER BY u.id;
            """,
            null,
            ("@user", userId));
        var contacts = new List<Contact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            contacts.Add(new Contact(reader.GetInt64(0), reader.GetBoolean(1)));
        }

        return contacts;
    }

    private static async Task<bool> AddMemberAsync(DbConnection connection, DbTransaction transaction, long roomId, long userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "INSERT INTO memberships (room_id, user_id, joined_at, last_read_seq) VALUES (@room, @user, @now, 0) ON CONFLICT (room_id, user_id) DO NOTHING;",
            transaction,
            ("@room", roomId),
            ("@user", userId),
            ("@now", Sql.ToUnixMs(now)));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<bool> IsMemberAsync(DbConnection connection, DbTransaction transaction, long roomId, long userId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT 1 FROM memberships WHERE room_id = @room AND user_id = @user;", transaction, ("@room", roomId), ("@user", userId));
        return await command.ExecuteScalarAsync(cancellationToken) is not null and not DBNull;
    }

    private static string EscapeLike(string text)
    {
        // The search is literal: % and _ typed by a user match themselves, not "anything".
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '%' or '_' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static async Task<List<Room>> ReadRoomsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var rooms = new List<Room>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rooms.Add(ReadRoom(reader));
        }

        return rooms;
    }

    private static Room ReadRoom(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2) == "direct" ? RoomKind.Direct : RoomKind.Public,
        reader.GetInt64(3),
        Sql.FromUnixMs(reader.GetInt64(4)));
}