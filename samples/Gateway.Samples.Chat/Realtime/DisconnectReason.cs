namespace Gateway.Samples.Chat.Realtime;

/// <summary>Why the hub wants a connection closed; every case means "reconnect and resume from your last seq".</summary>
internal enum DisconnectReason
{
    /// <summary>The outbound queue filled up: the client reads slower than the rooms write.</summary>
    SlowConsumer,

    /// <summary>A live stream had a gap that did not fill (a lost notification); the database has the messages.</summary>
    Resync,

    /// <summary>The server is stopping.</summary>
    ServerShutdown,
}