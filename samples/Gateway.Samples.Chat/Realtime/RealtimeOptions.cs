namespace Gateway.Samples.Chat.Realtime;

/// <summary>The hub's limits; every queue and buffer is bounded by one of these.</summary>
internal sealed class RealtimeOptions
{
    /// <summary>Frames a connection may have waiting; one more marks it a slow consumer.</summary>
    public int OutboundQueueCapacity { get; init; } = 256;

    /// <summary>Out-of-order or during-replay messages kept per subscription before giving up and resyncing.</summary>
    public int MaxWaitingPerSubscription { get; init; } = 256;

    /// <summary>Sends allowed per connection in <see cref="SendWindow"/>.</summary>
    public int SendLimit { get; init; } = 20;

    /// <summary>The send rate window.</summary>
    public TimeSpan SendWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>At most one typing notice per user and room in this interval.</summary>
    public TimeSpan TypingInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest message text.</summary>
    public int MaxTextLength { get; init; } = 4000;

    /// <summary>Longest client id (the idempotency key).</summary>
    public int MaxClientIdLength { get; init; } = 100;
}