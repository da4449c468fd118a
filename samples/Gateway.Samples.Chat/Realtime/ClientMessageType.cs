namespace Gateway.Samples.Chat.Realtime;

/// <summary>The kinds of client message; <see cref="Auth"/> is only valid first.</summary>
internal enum ClientMessageType
{
    /// <summary><c>{"type":"auth","token"}</c>.</summary>
    Auth,

    /// <summary><c>{"type":"subscribe","room_id","since_seq"}</c>.</summary>
    Subscribe,

    /// <summary><c>{"type":"send","room_id","client_id","text"}</c>.</summary>
    Send,

    /// <summary><c>{"type":"typing","room_id"}</c>.</summary>
    Typing,

    /// <summary><c>{"type":"read","room_id","seq"}</c>.</summary>
    Read,

    /// <summary><c>{"type":"ping"}</c>.</summary>
    Ping,
}