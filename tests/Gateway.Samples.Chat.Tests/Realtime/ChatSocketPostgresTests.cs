using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Realtime;

/// <summary>The protocol end to end on the PostgreSQL provider (a throw-away cluster; skipped without postgresql, failing on CI).</summary>
public sealed class ChatSocketPostgresTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [PeerFact(Peer.PostgreSql)]
    public async Task Replay_live_idempotent_resend_and_read_positions_on_postgres()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var host = await ChatHost.StartAsync(null, "--Chat:Database:Provider=postgres", $"--Chat:Database:ConnectionString={connectionString}");
        Assert.Contains("postgres", host.Services.Store.ProviderName, StringComparison.OrdinalIgnoreCase);
        var (alice, _) = await host.SignUpAsync("alice");
        var (bob, _) = await host.SignUpAsync("bob");
        var room = await host.CreateRoomAsync(alice, "general");
        await host.JoinAsync(bob, room);

        await using var a = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, alice);
        for (var i = 0; i < 5; i++)
        {
            await a.SendAsync(new { type = "send", room_id = room, client_id = $"old-{i}", text = $"old {i}" });
            await a.ReceiveAsync("ack");
        }

        await using var b = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, bob);
        var live = Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await a.SendAsync(new { type = "send", room_id = room, client_id = $"new-{i}", text = $"new {i}" });
                await a.ReceiveAsync("ack");
            }
        });
        await b.SendAsync(new { type = "subscribe", room_id = room, since_seq = 2 });
        var seqs = new List<long>();
        while (seqs.Count < 13)
        {
            var frame = await b.ReceiveAsync();
            if (frame.GetProperty("type").GetString() == "message")
            {
                seqs.Add(frame.GetProperty("seq").GetInt64());
            }
        }

        await live;
        Assert.Equal(Enumerable.Range(3, 13).Select(i => (long)i), seqs);

        await a.SendAsync(new { type = "send", room_id = room, client_id = "old-0", text = "old 0" });
        Assert.Equal(1, (await a.ReceiveAsync("ack")).GetProperty("seq").GetInt64());

        await b.SendAsync(new { type = "read", room_id = room, seq = 10 });
        await b.SendAsync(new { type = "ping" });
        await b.ReceiveAsync("pong");
        var rooms = await host.GetJsonAsync(bob, "api/rooms");
        Assert.Equal(5, rooms.EnumerateArray().Single().GetProperty("unread_count").GetInt64());
    }
}