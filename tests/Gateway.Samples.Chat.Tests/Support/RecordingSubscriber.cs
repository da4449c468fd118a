using Gateway.Samples.Chat.Realtime;
using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Tests.Support;

/// <summary>A backplane subscriber that keeps what it heard, in order.</summary>
internal sealed class RecordingSubscriber : IBackplaneSubscriber
{
    private readonly List<object> _events = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<object> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<PresenceNotice> Presence => [.. Events.OfType<PresenceNotice>()];

    public ValueTask OnMessageStoredAsync(ChatMessage message, CancellationToken cancellationToken) => Add(message);

    public ValueTask OnTypingAsync(TypingNotice notice, CancellationToken cancellationToken) => Add(notice);

    public ValueTask OnPresenceAsync(PresenceNotice notice, CancellationToken cancellationToken) => Add(notice);

    /// <summary>How many times the backplane said notifications may have been lost.</summary>
    public int LostCount { get; private set; }

    public ValueTask OnNotificationsLostAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            LostCount++;
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask Add(object item)
    {
        lock (_lock)
        {
            _events.Add(item);
        }

        return ValueTask.CompletedTask;
    }
}