namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// The close codes of the chat's WebSocket protocol. Every code but <see cref="Normal"/> means "reconnect (after
/// refreshing the token for 4401) and resubscribe with your last seq"; nothing is lost, the database has it all.
/// </summary>
internal static class ChatCloseCodes
{
    /// <summary>The client said goodbye.</summary>
    public const int Normal = 1000;

    /// <summary>The server is stopping; in-flight sends were stored and acknowledged first.</summary>
    public const int GoingAway = 1001;

    /// <summary>The client reads slower than its rooms write (its bounded queue filled): the standard "try again later".</summary>
    public const int SlowConsumer = 1013;

    /// <summary>A live stream had a gap that did not fill: resubscribe from the last seq (application range, as HTTP 409-ish).</summary>
    public const int Resync = 4000;

    /// <summary>The first message was not a valid <c>auth</c>, the token was bad, or it expired (as HTTP 401).</summary>
    public const int Unauthorized = 4401;

    /// <summary>No <c>auth</c> message within the auth timeout (as HTTP 408).</summary>
    public const int AuthTimeout = 4408;

    /// <summary>The code a hub-requested disconnect closes with.</summary>
    public static (int Code, string Reason) For(DisconnectReason reason) => reason switch
    {
        DisconnectReason.SlowConsumer => (SlowConsumer, "slow consumer: reconnect and resubscribe"),
        DisconnectReason.Resync => (Resync, "resync: reconnect and resubscribe"),
        _ => (GoingAway, "server shutting down"),
    };
}