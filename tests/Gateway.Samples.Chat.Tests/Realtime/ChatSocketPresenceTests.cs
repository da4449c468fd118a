using System.Net;
using System.Text.Json;

using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Realtime;

/// <summary>Presence over real sockets: two users, several sockets each, events and <c>GET /api/users/{username}</c>.</summary>
public sealed class ChatSocketPresenceTests
{
    [Fact]
    public async Task Room_mates_hear_the_first_connect_and_the_last_disconnect_only()
    {
        await using var host = await ChatHost.StartAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        var (bob, _) = await host.SignUpAsync("bob");
        var room = await host.CreateRoomAsync(alice, "general");
        await host.JoinAsync(bob, room);

        await using var b1 = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, bob);
        var a1 = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);
        var online = await b1.ReceiveAsync("presence");
        Assert.Equal("alice", online.GetProperty("user").GetString());
        Assert.True(online.GetProperty("online").GetBoolean());
        Assert.True((await UserAsync(host, bob, "alice")).GetProperty("online").GetBoolean());

        var a2 = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);
        await using var b2 = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, bob); // bob was online already: no event for alice
        await a1.DisposeAsync();
        Assert.True((await UserAsync(host, bob, "alice")).GetProperty("online").GetBoolean()); // a2 is still open
        await a2.DisposeAsync();

        // Alice's transitions are serialised, so the next event about her is the last disconnect, on both of bob's sockets.
        foreach (var socket in (ChatSocket[])[b1, b2])
        {
            var offline = await socket.ReceiveAsync("presence");
            Assert.Equal("alice", offline.GetProperty("user").GetString());
            Assert.False(offline.GetProperty("online").GetBoolean());
            Assert.Equal(JsonValueKind.String, offline.GetProperty("last_seen").ValueKind);
        }

        var shown = await UserAsync(host, bob, "alice");
        Assert.False(shown.GetProperty("online").GetBoolean());
        Assert.Equal(JsonValueKind.String, shown.GetProperty("last_seen").ValueKind);

        // Bob's own sockets never told alice anything after her last socket closed: she hears bob's offline once she is back.
        await using var a3 = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);
        await b1.DisposeAsync();
        await b2.DisposeAsync();
        var bobOffline = await a3.ReceiveAsync("presence");
        Assert.Equal("bob", bobOffline.GetProperty("user").GetString());
        Assert.False(bobOffline.GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task Hidden_last_seen_is_null_to_others_and_hides_theirs_too_but_not_ones_own()
    {
        await using var host = await ChatHost.StartAsync();
        var (alice, _) = await host.SignUpAsync("alice");
        var (bob, _) = await host.SignUpAsync("bob");
        var room = await host.CreateRoomAsync(alice, "general");
        await host.JoinAsync(bob, room);
        await using (await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice))
        {
        }

        using (var hide = await host.Http.SendAsync(ChatHost.Authorized(HttpMethod.Patch, "api/me", alice, new { show_last_seen = false })))
        {
            Assert.Equal(HttpStatusCode.OK, hide.StatusCode);
        }

        await using var b = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, bob);
        await using var a = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);
        var hidden = await b.ReceiveAsync("presence");
        Assert.Equal("alice", hidden.GetProperty("user").GetString());
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("online").ValueKind);
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("last_seen").ValueKind);

        var aliceToBob = await UserAsync(host, bob, "alice");
        Assert.Equal(JsonValueKind.Null, aliceToBob.GetProperty("online").ValueKind);
        Assert.Equal(JsonValueKind.Null, aliceToBob.GetProperty("last_seen").ValueKind);

        // Reciprocity: bob is online and shows his presence, yet alice does not see it.
        var bobToAlice = await UserAsync(host, alice, "bob");
        Assert.Equal(JsonValueKind.Null, bobToAlice.GetProperty("online").ValueKind);
        Assert.Equal(JsonValueKind.Null, bobToAlice.GetProperty("last_seen").ValueKind);

        var own = await UserAsync(host, alice, "alice");
        Assert.True(own.GetProperty("online").GetBoolean());
        Assert.Equal(JsonValueKind.String, own.GetProperty("last_seen").ValueKind);

        // Bob's last disconnect reaches alice hidden as well.
        await b.DisposeAsync();
        var bobGone = await a.ReceiveAsync("presence");
        Assert.Equal("bob", bobGone.GetProperty("user").GetString());
        Assert.Equal(JsonValueKind.Null, bobGone.GetProperty("online").ValueKind);
    }

    private static Task<JsonElement> UserAsync(ChatHost host, string access, string username) => host.GetJsonAsync(access, $"api/users/{username}");
}