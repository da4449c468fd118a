using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// Carries notifications between instances (in-process now, Redis pub/sub later). It carries no data that is not in
/// the database: a lost notification costs latency (the receiver resynchronises from the database), never a message.
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