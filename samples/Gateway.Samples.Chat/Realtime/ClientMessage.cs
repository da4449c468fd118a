namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// One validated client message, flat and immutable: the fields its <see cref="Type"/> requires are set, the others
/// are defaults. <see cref="Ref"/> is the client's own correlation value (its <c>ref</c> field, else its <c>client_id</c>).
/// </summary>
internal readonly record struct ClientMessage(
    ClientMessageType Type,
    string? Ref,
    string? Token = null,
    long RoomId = 0,
    long SinceSeq = 0,
    long Seq = 0,
    string? ClientId = null,
    string? Text = null);