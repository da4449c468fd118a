using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Gateway.Samples.Chat.Realtime;
using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Api;

/// <summary>Rooms, direct conversations, history and users over a real socket, with hostile text everywhere.</summary>
public sealed class RoomApiTests : IAsyncLifetime
{
    private static readonly string[] Hostile = ["'; DROP TABLE messages;--", "\" OR 1=1 --", "Robert'); DROP TABLE users;--", "%' OR '1'='1", "<script>alert(1)</script>", "Jörg 👋 \\ \0x"];

    private ChatHost _chat = null!;

    public async Task InitializeAsync() => _chat = await ChatHost.StartAsync();

    public async Task DisposeAsync() => await _chat.DisposeAsync();

    [Fact]
    public async Task Rooms_are_created_listed_searched_joined_and_left()
    {
        var (ann, _) = await _chat.SignUpAsync("ann");
        var (bob, _) = await _chat.SignUpAsync("bob");

        var created = await Send(HttpMethod.Post, "api/rooms", ann, new { name = "General chat" });
        var room = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = room.GetProperty("id").GetInt64();
        var found = await Json(HttpMethod.Get, "api/rooms/public?query=general", bob);
        var joined = await Send(HttpMethod.Post, $"api/rooms/{id}/join", bob);
        var annRooms = await Json(HttpMethod.Get, "api/rooms", ann);
        var left = await Send(HttpMethod.Post, $"api/rooms/{id}/leave", bob);
        var leftAgain = await Send(HttpMethod.Post, $"api/rooms/{id}/leave", bob);
        var missing = await Send(HttpMethod.Post, "api/rooms/999999/join", bob);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/rooms/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("General chat", room.GetProperty("name").GetString());
        Assert.Contains(found.EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);
        Assert.Equal(HttpStatusCode.NoContent, joined.StatusCode);
        Assert.Equal(2, Assert.Single(annRooms.EnumerateArray()).GetProperty("member_count").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, leftAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_room_needs_a_name_of_1_to_80_characters(string name)
    {
        var (ann, _) = await _chat.SignUpAsync("ann");

        var blank = await Send(HttpMethod.Post, "api/rooms", ann, new { name });
        var tooLong = await Send(HttpMethod.Post, "api/rooms", ann, new { name = new string('x', 81) });
        var longest = await Send(HttpMethod.Post, "api/rooms", ann, new { name = new string('é', 80) });

        Assert.Equal((HttpStatusCode)422, blank.StatusCode);
        Assert.Equal((HttpStatusCode)422, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
    }

    [Fact]
    public async Task A_direct_conversation_is_created_once_and_cannot_be_joined_by_others()
    {
        var (ann, _) = await _chat.SignUpAsync("ann");
        var (bob, _) = await _chat.SignUpAsync("bob");
        var (eve, _) = await _chat.SignUpAsync("eve");

        var first = await Json(HttpMethod.Post, "api/dm/bob", ann);
        var again = await Json(HttpMethod.Post, "api/dm/ann", bob);
        var id = first.GetProperty("id").GetInt64();
        var intruder = await Send(HttpMethod.Post, $"api/rooms/{id}/join", eve);
        var self = await Send(HttpMethod.Post, "api/dm/ann", ann);
        var nobody = await Send(HttpMethod.Post, "api/dm/nobody", ann);

        Assert.Equal(id, again.GetProperty("id").GetInt64());
        Assert.Equal("direct", first.GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, intruder.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
    }

    [Fact]
    public async Task History_is_newest_first_in_keyset_pages_and_forbidden_to_non_members()
    {
        var (ann, _) = await _chat.SignUpAsync("ann");
        var (eve, _) = await _chat.SignUpAsync("eve");
        var roomId = (await Json(HttpMethod.Post, "api/rooms", ann, new { name = "history" })).GetProperty("id").GetInt64();
        await StoreMessagesAsync("ann", roomId, 5);

        var first = await Json(HttpMethod.Get, $"api/rooms/{roomId}/messages?limit=2", ann);
        var lastSeq = first.GetProperty("messages")[1].GetProperty("seq").GetInt64();
        var second = await Json(HttpMethod.Get, $"api/rooms/{roomId}/messages?limit=2&before={lastSeq}", ann);
        var rest = await Json(HttpMethod.Get, $"api/rooms/{roomId}/messages?before=2", ann);
        var forbidden = await Send(HttpMethod.Get, $"api/rooms/{roomId}/messages", eve);
        var badLimit = await Send(HttpMethod.Get, $"api/rooms/{roomId}/messages?limit=0", ann);

        Assert.Equal([5L, 4L], first.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal([3L, 2L], second.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal([1L], rest.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        Assert.False(rest.GetProperty("has_more").GetBoolean());
        var message = first.GetProperty("messages")[0];
        Assert.Equal(["id", "room_id", "seq", "sender", "text", "sent_at", "client_id"], message.EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal((HttpStatusCode)422, badLimit.StatusCode);
    }

    [Fact]
    public async Task Hostile_text_in_every_field_is_stored_and_returned_verbatim_and_the_tables_survive()
    {
        var (ann, _) = await _chat.SignUpAsync("ann");
        foreach (var text in Hostile)
        {
            var room = await Json(HttpMethod.Post, "api/rooms", ann, new { name = text });
            Assert.Equal(text, room.GetProperty("name").GetString());
            var roomId = room.GetProperty("id").GetInt64();
            var stored = await StoreAsync("ann", roomId, text, text);
            Assert.Equal(SendStatus.Stored, stored.Status);
            var history = await Json(HttpMethod.Get, $"api/rooms/{roomId}/messages", ann);
            var message = Assert.Single(history.GetProperty("messages").EnumerateArray());
            Assert.Equal(text, message.GetProperty("text").GetString());
            Assert.Equal(text, message.GetProperty("client_id").GetString());
            var search = await Json(HttpMethod.Get, "api/rooms/public?query=" + Uri.EscapeDataString(text), ann);
            Assert.Contains(search.EnumerateArray(), r => r.GetProperty("id").GetInt64() == roomId && r.GetProperty("name").GetString() == text);
            if (text.All(char.IsAscii) && !text.Any(char.IsControl))
            {
                // The user agent is stored with the session and listed back (a header carries no NUL and, here, ASCII only).
                var login = new HttpRequestMessage(HttpMethod.Post, "api/auth/login") { Content = JsonContent.Create(new { username = "ann", password = "correct horse" }, options: ChatHost.Json) };
                Assert.True(login.Headers.TryAddWithoutValidation("User-Agent", text));
                Assert.Equal(HttpStatusCode.OK, (await _chat.Http.SendAsync(login)).StatusCode);
                var sessions = await Json(HttpMethod.Get, "api/auth/sessions", ann);
                Assert.Contains(sessions.EnumerateArray(), session => session.GetProperty("user_agent").GetString() == text);
            }

            var user = await Send(HttpMethod.Get, "api/users/" + Uri.EscapeDataString(text), ann);
            // No such user; a NUL in the path is refused by the server itself (400) before any handler runs.
            Assert.True(user.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, text);
            var hostileLogin = await _chat.Http.PostAsJsonAsync("api/auth/login", new { username = text, password = text + text }, ChatHost.Json);
            Assert.True(hostileLogin.StatusCode is HttpStatusCode.Unauthorized or (HttpStatusCode)422, text);
        }

        var rooms = await Json(HttpMethod.Get, "api/rooms", ann);
        Assert.Equal(Hostile.Length, rooms.GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "api/me", ann)).StatusCode);
        Assert.True(await _chat.Services.Store.PingAsync());
    }

    [Fact]
    public async Task Me_can_hide_last_seen_and_users_are_looked_up_by_name()
    {
        var (ann, _) = await _chat.SignUpAsync("ann");
        await _chat.SignUpAsync("bob");

        var hidden = await Json(HttpMethod.Patch, "api/me", ann, new { show_last_seen = false });
        var me = await Json(HttpMethod.Get, "api/me", ann);
        var bob = await Json(HttpMethod.Get, "api/users/bob", ann);
        var invalid = await Send(HttpMethod.Patch, "api/me", ann, new { show_last_seen = "sometimes" });

        Assert.False(hidden.GetProperty("show_last_seen").GetBoolean());
        Assert.False(me.GetProperty("show_last_seen").GetBoolean());
        Assert.Equal("bob", bob.GetProperty("username").GetString());
        Assert.Equal(JsonValueKind.Null, bob.GetProperty("last_seen").ValueKind);
        Assert.Equal((HttpStatusCode)422, invalid.StatusCode);
    }

    private async Task StoreMessagesAsync(string username, long roomId, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            Assert.Equal(SendStatus.Stored, (await StoreAsync(username, roomId, $"client-{i}", $"message {i}")).Status);
        }
    }

    // Messages are sent through the hub the WebSocket layer uses, as a connected user would.
    private async Task<SendResult> StoreAsync(string username, long roomId, string clientId, string text)
    {
        var user = await _chat.Services.Store.Users.FindByUsernameAsync(username) ?? throw new InvalidOperationException(username);
        var connection = _chat.Services.Hub.Connect(user.Id, user.Username, new RecordingSink());
        try
        {
            return await _chat.Services.Hub.SendAsync(connection, roomId, clientId, text);
        }
        finally
        {
            await _chat.Services.Hub.DisconnectAsync(connection);
        }
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string access, object? json = null) =>
        await _chat.Http.SendAsync(ChatHost.Authorized(method, path, access, json));

    private async Task<JsonElement> Json(HttpMethod method, string path, string access, object? json = null)
    {
        var response = await Send(method, path, access, json);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}