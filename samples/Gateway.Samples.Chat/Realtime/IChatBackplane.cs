using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// Carries notifications between instances: <see cref="InProcessBackplane"/> for one instance, Redis pub/sub
/// (<see cref="Redis.RedisBackplane"/>) for several. It carries no data that is not in the database: a lost
/// notification costs latency (the receiver resynchronises from the database), never a message. A publication reaches
/// the publishing instance's own subscribers exactly once, whatever the state of the transport between instances.
/// </summary>
internal interface IChatBackplane
{
    /// <summary>Announces a stored message.</summary>
    ValueTask PublishMessageStoredAsync(ChatMessage message, CancellationToken cancellationToken = default);

    /// <summary>Announces typing.</summary>
    ValueTask PublishTypingAsync(TypingNotice notice, CancellationToken cancellationToken = default);

    /// <summary>Announces a presence change.</summary>
    ValueTask PublishPresenceAsync(PresenceNotice notice, CancellationToken cancellationToken = default);

    /// <summary>Delivers every later publication to <paramref name="subscriber"/> until the returned handle is disposed.</summary>
    IDisposable Subscribe(IBackplaneSubscriber subscriber);
}