using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>Receives what any instance published. Handlers must not block: they queue work and return.</summary>
internal interface IBackplaneSubscriber
{
    /// <summary>A message was stored (it is in the database before this is called).</summary>
    ValueTask OnMessageStoredAsync(ChatMessage message, CancellationToken cancellationToken);

    /// <summary>Someone is typing.</summary>
    ValueTask OnTypingAsync(TypingNotice notice, CancellationToken cancellationToken);

    /// <summary>Someone's presence changed.</summary>
    ValueTask OnPresenceAsync(PresenceNotice notice, CancellationToken cancellationToken);

    /// <summary>
    /// Notifications from other instances may have been lost (the Redis subscription dropped and is live again):
    /// catch up from the database. Called from a background task, never concurrently with itself.
    /// </summary>
    ValueTask OnNotificationsLostAsync(CancellationToken cancellationToken);
}