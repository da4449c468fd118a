namespace Gateway.Samples.Chat.Storage;

/// <summary>What <see cref="IRoomRepository.JoinAsync"/> did.</summary>
internal enum JoinRoomStatus
{
    /// <summary>The user is now a member.</summary>
    Joined,

    /// <summary>The user was a member already; nothing changed.</summary>
    AlreadyMember,

    /// <summary>No such room.</summary>
    NotFound,

    /// <summary>The room is a direct conversation, which nobody can join.</summary>
    NotJoinable,
}