namespace Gateway.Samples.Chat.Realtime;

/// <summary>The hub's limits; every queue and buffer is bounded by one of these.</summary>
internal sealed class RealtimeOptions
{
    /// <summary>Frames a connection may have waiting; one more marks it a slow consumer.</summary>
    public int OutboundQueueCapacity { get; init; } = 256;

    /// <summary>Out-of-order or during-replay messages kept per subscription before giving up and resyncing.</summary>
    public int MaxWaitingPerSubscription { get; init; } = 256;

    /// <summary>
    /// How long a gap in a room's live stream may stay open before the hub reads the missing messages from the
    /// database. Between instances, notifications of one room arrive slightly out of order all the time (each
    /// instance delivers its own at once, the others' after a Redis hop), so a gap is normal for a moment; one still
    /// open after this was a lost notification (Redis down, a dropped subscription).
    /// </summary>
    public TimeSpan GapFillDelay { get; init; } = TimeSpan.FromSeconds(1);

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