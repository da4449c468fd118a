namespace Gateway.Samples.Chat.Realtime;

/// <summary>What <see cref="ChatHub.TypingAsync"/> did.</summary>
internal enum TypingStatus
{
    /// <summary>Published to the room's other subscribers.</summary>
    Sent,

    /// <summary>Dropped silently: this user typed in this room less than the interval ago.</summary>
    Throttled,

    /// <summary>The connection is not subscribed to the room: error <c>forbidden</c>.</summary>
    NotSubscribed,
}