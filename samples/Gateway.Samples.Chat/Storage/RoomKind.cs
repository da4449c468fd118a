namespace Gateway.Samples.Chat.Storage;

/// <summary>Whether a room can be found and joined by anyone, or is a 1:1 conversation.</summary>
internal enum RoomKind
{
    /// <summary>Listed by the public search; anyone may join.</summary>
    Public,

    /// <summary>Exactly two members, created once per pair; nobody else can join.</summary>
    Direct,
}