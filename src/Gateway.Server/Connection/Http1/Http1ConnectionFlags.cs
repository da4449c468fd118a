namespace Gateway.Server.Connection.Http1;

/// <summary>The connection's flags; each one's rules are the table at the top of Http1ConnectionState.cs.</summary>
[Flags]
internal enum Http1ConnectionFlags
{
    None = 0,
    CloseRequested = 1 << 0,
    OutputBroken = 1 << 1,
    HeadWritten = 1 << 2,
    ResponseComplete = 1 << 3,
    ServerAnswered = 1 << 4,
    RequestRecorded = 1 << 5,
    CloseAfterResponse = 1 << 6,
    BodyComplete = 1 << 7,
    BodyDelivered = 1 << 8,
    ContinueSent = 1 << 9,
    ClientGone = 1 << 10,
    RequestFinished = 1 << 11,
    PendingRead = 1 << 12,
    ConnectDelivered = 1 << 13,
}