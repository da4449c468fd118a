namespace Gateway.Samples.Chat.Storage;

/// <summary>Rooms, memberships and read positions.</summary>
internal interface IRoomRepository
{
    /// <summary>Creates a public room and makes its creator a member, in one transaction.</summary>
    Task<Room> CreatePublicAsync(string name, long creatorId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// The direct room of two distinct users, created with both as members on first call; later calls (in either
    /// order, concurrently too) return the same room.
    /// </summary>
    Task<Room> GetOrCreateDirectAsync(long userId, long otherUserId, string name, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The room with this id, or null.</summary>
    Task<Room?> FindAsync(long roomId, CancellationToken cancellationToken = default);

    /// <summary>Adds the user to a public room.</summary>
    Task<JoinRoomStatus> JoinAsync(long roomId, long userId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Removes the user from the room; false when they were not a member.</summary>
    Task<bool> LeaveAsync(long roomId, long userId, CancellationToken cancellationToken = default);

    /// <summary>Whether the user is a member of the room.</summary>
    Task<bool> IsMemberAsync(long roomId, long userId, CancellationToken cancellationToken = default);

    /// <summary>The user's rooms with member count, newest message and unread count, most recently active first.</summary>
    Task<IReadOnlyList<RoomSummary>> ListForUserAsync(long userId, CancellationToken cancellationToken = default);

    /// <summary>Public rooms whose name contains <paramref name="query"/> (case-insensitive, taken literally), by name; at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Room>> SearchPublicAsync(string query, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the user's read position forward to <paramref name="seq"/> (never backwards, never past the newest message);
    /// false when the user is not a member.
    /// </summary>
    Task<bool> MarkReadAsync(long roomId, long userId, long seq, CancellationToken cancellationToken = default);

    /// <summary>Every other user who shares at least one room with <paramref name="userId"/>.</summary>
    Task<IReadOnlyList<Contact>> ListContactsAsync(long userId, CancellationToken cancellationToken = default);
}