namespace Gateway.Samples.Chat.Storage;

/// <summary>What <see cref="IMessageRepository.StoreAsync"/> did.</summary>
internal enum StoreMessageStatus
{
    /// <summary>The message is new and now stored with the next seq.</summary>
    Stored,

    /// <summary>The sender already stored a message with this client id; the original is returned, nothing is stored.</summary>
    Duplicate,

    /// <summary>The sender is not a member of the room (or the room does not exist); nothing is stored.</summary>
    NotMember,

    /// <summary>The sender already used this client id for a message in another room; nothing is stored. A client id
    /// names one message, so this is not a retry, and the other room's message is no answer to it.</summary>
    ClientIdTaken,
}