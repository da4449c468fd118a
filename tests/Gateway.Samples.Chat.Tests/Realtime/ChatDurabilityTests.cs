using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Realtime;

/// <summary>An acknowledged message survives SIGKILL: after a restart on the same data directory it is in history and replayed, once.</summary>
public sealed class ChatDurabilityTests
{
    [Fact]
    public async Task Every_acknowledged_message_survives_a_SIGKILL_once()
    {
        var directory = Directory.CreateTempSubdirectory("chat-crash-").FullName;
        try
        {
            const int N = 18;
            string access;
            long room;
            var acks = new Dictionary<string, long>();
            await using (var first = await ChatProcess.StartAsync(directory))
            {
                access = await SignUpAsync(first.Http, "alice");
                room = await CreateRoomAsync(first.Http, access);
                await using var socket = await ChatSocket.ConnectAuthenticatedAsync(first.WebSocketUri, access);
                for (var i = 0; i < N; i++)
                {
                    await socket.SendAsync(new { type = "send", room_id = room, client_id = $"c{i}", text = $"message {i}" });
                }

                // Pipelined: the acks come back in order; the process dies right after the last one.
                for (var i = 0; i < N; i++)
                {
                    var ack = await socket.ReceiveAsync("ack");
                    acks.Add(ack.GetProperty("client_id").GetString()!, ack.GetProperty("seq").GetInt64());
                }

                await first.KillAsync();
            }

            await using var second = await ChatProcess.StartAsync(directory);
            // The JWT secret lives in the data directory, so the old access token still works.
            using var request = ChatHost.Authorized(HttpMethod.Get, $"api/rooms/{room}/messages?limit=100", access);
            using var response = await second.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var history = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray()
                .ToDictionary(m => m.GetProperty("client_id").GetString()!, m => m.GetProperty("seq").GetInt64());
            Assert.Equal(acks.OrderBy(p => p.Key), history.OrderBy(p => p.Key));

            await using var resumed = await ChatSocket.ConnectAuthenticatedAsync(second.WebSocketUri, access);
            await resumed.SendAsync(new { type = "subscribe", room_id = room, since_seq = 0 });
            var replayed = new List<long>();
            while (true)
            {
                var frame = await resumed.ReceiveAsync();
                var type = frame.GetProperty("type").GetString();
                if (type == "subscribed")
                {
                    Assert.Equal(N, frame.GetProperty("last_seq").GetInt64());
                    break;
                }

                if (type == "message")
                {
                    replayed.Add(frame.GetProperty("seq").GetInt64());
                }
            }

            Assert.Equal(Enumerable.Range(1, N).Select(i => (long)i), replayed);

            // A retry of an acknowledged send after the crash is recognised, not stored twice.
            await resumed.SendAsync(new { type = "send", room_id = room, client_id = "c0", text = "message 0" });
            var again = await resumed.ReceiveAsync("ack");
            Assert.Equal(acks["c0"], again.GetProperty("seq").GetInt64());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task SIGTERM_closes_every_socket_with_1001_and_exits_0()
    {
        var directory = Directory.CreateTempSubdirectory("chat-term-").FullName;
        try
        {
            await using var chat = await ChatProcess.StartAsync(directory);
            var access = await SignUpAsync(chat.Http, "alice");
            var room = await CreateRoomAsync(chat.Http, access);
            await using var socket = await ChatSocket.ConnectAuthenticatedAsync(chat.WebSocketUri, access);
            await socket.SendAsync(new { type = "send", room_id = room, client_id = "c0", text = "last words" });
            await socket.ReceiveAsync("ack");

            var exit = chat.TerminateAsync();
            Assert.Equal(1001, await socket.ReceiveCloseAsync());
            Assert.Equal(0, await exit);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<string> SignUpAsync(HttpClient http, string username)
    {
        const string Password = "correct horse";
        using var registered = await http.PostAsJsonAsync("api/auth/register", new { username, password = Password }, ChatHost.Json);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        using var login = await http.PostAsJsonAsync("api/auth/login", new { username, password = Password }, ChatHost.Json);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static async Task<long> CreateRoomAsync(HttpClient http, string access)
    {
        using var request = ChatHost.Authorized(HttpMethod.Post, "api/rooms", access, new { name = "general" });
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }
}