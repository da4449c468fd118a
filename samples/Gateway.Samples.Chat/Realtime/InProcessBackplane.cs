using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// The single-instance backplane: a publication calls every subscriber directly, in subscription order, before
/// returning. Subscribers are kept in a copy-on-write array so publishing takes no lock.
/// </summary>
internal sealed class InProcessBackplane : IChatBackplane
{
    private IBackplaneSubscriber[] _subscribers = [];
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public async ValueTask PublishMessageStoredAsync(ChatMessage message, CancellationToken cancellationToken = default)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            await subscriber.OnMessageStoredAsync(message, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask PublishTypingAsync(TypingNotice notice, CancellationToken cancellationToken = default)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            await subscriber.OnTypingAsync(notice, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask PublishPresenceAsync(PresenceNotice notice, CancellationToken cancellationToken = default)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            await subscriber.OnPresenceAsync(notice, cancellationToken);
        }
    }

    /// <summary>Tells every subscriber that notifications may have been lost (the Redis backplane uses this one for its local fan-out).</summary>
    public async ValueTask NotifyLostAsync(CancellationToken cancellationToken = default)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            await subscriber.OnNotificationsLostAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public IDisposable Subscribe(IBackplaneSubscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscriber];
        }

        return new Subscription(this, subscriber);
    }

    private void Unsubscribe(IBackplaneSubscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscriber));
        }
    }

    private sealed class Subscription(InProcessBackplane owner, IBackplaneSubscriber subscriber) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(subscriber);
            }
        }
    }
}