using Microsoft.AspNetCore.SignalR;

namespace Gateway.Benchmarks.SignalR;

/// <summary>
/// The chat hub: <c>Join(room)</c> adds the connection to the room's group; <c>Send(room, clientId, text)</c> stores the
/// message, then broadcasts <c>message(room, seq, clientId, text)</c> to the group and returns the seq (the ack).
/// The same store-then-publish order as the Gateway chat.
/// </summary>
internal sealed class ChatHub(MessageStore store) : Hub
{
    public Task Join(string room) => Groups.AddToGroupAsync(Context.ConnectionId, room);

    public async Task<long> Send(string room, string clientId, string text)
    {
        var seq = await store.StoreAsync(room, clientId, text);
        await Clients.Group(room).SendAsync("message", room, seq, clientId, text);
        return seq;
    }
}