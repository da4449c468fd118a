using System.Text.Json;

using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.ScaleOut;

/// <summary>
/// The chat scaled out as <c>cluster/run.sh</c> runs it: instances as real processes on PostgreSQL, Redis between
/// them, nginx round-robin in front; with faults (an instance killed, Redis stopped). Every wait polls for a state
/// with a generous deadline (<see cref="ChatCluster.Patience"/>); nothing is timed.
/// </summary>
public sealed class ScaleOutTests(PostgresCluster postgres) : IClassFixture<PostgresCluster>
{
    /// <summary>Issue 17's bound: the users of an instance that dies are offline, with last_seen, within 15 s.</summary>
    private static readonly TimeSpan OfflineBound = TimeSpan.FromSeconds(15);

    [PeerFact(Peer.PostgreSql, Peer.RedisServer, Peer.Nginx)]
    public async Task Clients_on_two_instances_exchange_messages_typing_and_presence_through_nginx()
    {
        await using var cluster = await ChatCluster.StartAsync(await postgres.CreateDatabaseAsync());
        var alice = await cluster.SignUpAsync("alice");
        var bob = await cluster.SignUpAsync("bob");
        var room = await cluster.CreateRoomAsync(alice, "general");
        await cluster.JoinAsync(bob, room);

        await using var onA = await cluster.ConnectOnAsync(0, alice);
        await using var onB = await cluster.ConnectOnAsync(1, bob);
        // Bob's first socket, on B, is announced to Alice on A.
        var presence = await onA.ReceiveAsync("presence");
        Assert.Equal("bob", presence.GetProperty("user").GetString());
        Assert.True(presence.GetProperty("online").GetBoolean());

        foreach (var socket in new[] { onA, onB })
        {
            await socket.SendAsync(new { type = "subscribe", room_id = room, since_seq = 0 });
            await socket.ReceiveAsync("subscribed");
        }

        await onA.SendAsync(new { type = "send", room_id = room, client_id = "a-1", text = "hello from A" });
        var atB = await onB.ReceiveAsync("message");
        Assert.Equal(("hello from A", 1L), (atB.GetProperty("text").GetString(), atB.GetProperty("seq").GetInt64()));
        await onB.SendAsync(new { type = "send", room_id = room, client_id = "b-1", text = "hello from B" });
        var seenByA = new List<JsonElement>();
        while (seenByA.Count < 2)
        {
            seenByA.Add(await onA.ReceiveAsync("message"));
        }

        // Alice's own message once (local delivery, her instance skipping its own publication on Redis), then Bob's.
        Assert.Equal([1L, 2L], seenByA.Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal("hello from B", seenByA[1].GetProperty("text").GetString());

        await onB.SendAsync(new { type = "typing", room_id = room });
        var typing = await onA.ReceiveAsync("typing");
        Assert.Equal("bob", typing.GetProperty("user").GetString());

        // Presence of a user connected to A, asked of B.
        var aliceSeenFromB = await cluster.UserAsync(bob, "alice", index: 1);
        Assert.True(aliceSeenFromB.GetProperty("online").GetBoolean());
        // And a message exactly once at B too: seq 2 (its own) after seq 1, nothing else queued.
        await onB.SendAsync(new { type = "ping" });
        var next = await onB.ReceiveAsync();
        while (next.GetProperty("type").GetString() is "ack" or "presence")
        {
            next = await onB.ReceiveAsync();
        }

        Assert.Equal(("message", 2L), (next.GetProperty("type").GetString(), next.GetProperty("seq").GetInt64()));
        Assert.Equal("pong", (await onB.ReceiveAsync("pong")).GetProperty("type").GetString());
    }

    [PeerFact(Peer.PostgreSql, Peer.RedisServer, Peer.Nginx)]
    public async Task A_killed_instances_clients_resume_on_the_other_without_gap_or_duplicate_and_its_absent_users_go_offline()
    {
        await using var cluster = await ChatCluster.StartAsync(await postgres.CreateDatabaseAsync());
        var alice = await cluster.SignUpAsync("alice");
        var bob = await cluster.SignUpAsync("bob");
        var carol = await cluster.SignUpAsync("carol");
        var room = await cluster.CreateRoomAsync(alice, "general");
        await cluster.JoinAsync(bob, room);
        await cluster.JoinAsync(carol, room);

        await using var aliceOnA = new RoomFollower(cluster, alice, room);
        await aliceOnA.StartAsync(0);
        var carolOnA = await cluster.ConnectOnAsync(0, carol); // never comes back after the kill
        await using var bobOnB = new RoomFollower(cluster, bob, room);
        await bobOnB.StartAsync(1);

        for (var i = 0; i < 3; i++)
        {
            await aliceOnA.SendAsync($"a-{i}", $"alice {i}");
            await bobOnB.SendAsync($"b-{i}", $"bob {i}");
        }

        await aliceOnA.WaitForAsync(6, "alice");
        Assert.Equal("online", await OnlineAsync(cluster, bob, "carol"));

        // Bob keeps talking on B while A dies; Alice has a send in flight whose ack she may never see.
        var bobTalks = Task.Run(async () =>
        {
            for (var i = 3; i < 13; i++)
            {
                await bobOnB.SendAsync($"b-{i}", $"bob {i}");
            }
        });
        var inFlight = aliceOnA.SendAsync("a-in-flight", "alice in flight");
        var killedAt = DateTimeOffset.UtcNow;
        await cluster.Instances[0].KillAsync();

        await inFlight; // acked before A died, or resent with the same client_id after reconnecting: stored once either way
        await bobTalks;
        // nginx finds A refusing connections and passes Alice's new handshake to B.
        await Eventually.ThatAsync(
            () => Task.FromResult(aliceOnA.Reconnects >= 1 && aliceOnA.Upstream?.EndsWith($":{cluster.PortOf(1)}", StringComparison.Ordinal) == true),
            $"alice to reconnect to B (now on {aliceOnA.Upstream})");
        for (var i = 3; i < 6; i++)
        {
            await aliceOnA.SendAsync($"a-{i}", $"alice {i}");
        }

        const int Total = 6 + 10 + 1 + 3;
        await aliceOnA.WaitForAsync(Total, "alice");
        await bobOnB.WaitForAsync(Total, "bob");
        foreach (var follower in new[] { aliceOnA, bobOnB })
        {
            Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), follower.Seqs);
            Assert.Equal(Total, follower.Messages.Select(m => m.Text).Distinct().Count());
        }

        // Carol's only socket died with A: a live instance sweeps A once its liveness key expires. The sweep stores her
        // last_seen when it finds her gone, so last_seen is when she went offline, however late this test looks.
        await Eventually.ThatAsync(async () => await OnlineAsync(cluster, bob, "carol") == "offline", "carol to go offline");
        var carolNow = await cluster.UserAsync(bob, "carol");
        Assert.NotEqual(JsonValueKind.Null, carolNow.GetProperty("last_seen").ValueKind);
        Assert.InRange(carolNow.GetProperty("last_seen").GetDateTimeOffset(), killedAt, killedAt + OfflineBound);
        Assert.Equal("online", await OnlineAsync(cluster, bob, "alice"));
        carolOnA.Socket.Abort();
        carolOnA.Socket.Dispose();
    }

    [PeerFact(Peer.PostgreSql, Peer.RedisServer, Peer.Nginx)]
    public async Task While_Redis_is_down_each_instance_serves_its_own_clients_and_after_it_returns_nothing_acknowledged_is_missing()
    {
        await using var cluster = await ChatCluster.StartAsync(await postgres.CreateDatabaseAsync());
        var alice = await cluster.SignUpAsync("alice");
        var bob = await cluster.SignUpAsync("bob");
        var room = await cluster.CreateRoomAsync(alice, "general");
        await cluster.JoinAsync(bob, room);
        await using var aliceOnA = new RoomFollower(cluster, alice, room);
        await aliceOnA.StartAsync(0);
        await using var bobOnB = new RoomFollower(cluster, bob, room);
        await bobOnB.StartAsync(1);
        await aliceOnA.SendAsync("a-0", "alice before");
        await bobOnB.SendAsync("b-0", "bob before");
        await aliceOnA.WaitForAsync(2, "alice");
        await bobOnB.WaitForAsync(2, "bob");

        await cluster.Redis.StopAsync();
        await Eventually.ThatAsync(async () => await cluster.RedisStateAsync(0) == "down", "instance A to report Redis down");
        await Eventually.ThatAsync(async () => await cluster.RedisStateAsync(1) == "down", "instance B to report Redis down");
        var metrics = await cluster.Instances[0].Http.GetStringAsync("metrics");
        Assert.Contains("chat_redis_up 0", metrics, StringComparison.Ordinal);

        // Each instance still stores, acknowledges and delivers to its own clients.
        for (var i = 1; i <= 3; i++)
        {
            await aliceOnA.SendAsync($"a-{i}", $"alice during {i}");
            await bobOnB.SendAsync($"b-{i}", $"bob during {i}");
        }

        // Their own messages reach them; behind a gap left by the other instance's message, after the hub has read
        // the missing one from the database (so they may see some of the other's messages already).
        await Eventually.ThatAsync(() => Task.FromResult(aliceOnA.Messages.Count(m => m.Text.StartsWith("alice during", StringComparison.Ordinal)) == 3), "alice's own messages during the outage");
        await Eventually.ThatAsync(() => Task.FromResult(bobOnB.Messages.Count(m => m.Text.StartsWith("bob during", StringComparison.Ordinal)) == 3), "bob's own messages during the outage");

        await cluster.Redis.StartAgainAsync();
        await Eventually.ThatAsync(async () => await cluster.RedisStateAsync(0) == "up", "instance A to report Redis up again");
        await Eventually.ThatAsync(async () => await cluster.RedisStateAsync(1) == "up", "instance B to report Redis up again");

        // The other instance's messages arrive by the instances' catch-up from PostgreSQL, then live delivery resumes.
        await aliceOnA.WaitForAsync(8, "alice");
        await bobOnB.WaitForAsync(8, "bob");
        await aliceOnA.SendAsync("a-4", "alice after");
        await bobOnB.WaitForAsync(9, "bob");
        await aliceOnA.WaitForAsync(9, "alice");
        foreach (var follower in new[] { aliceOnA, bobOnB })
        {
            // In order, each once.
            Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), follower.Seqs);
            Assert.Equal(9, follower.Messages.Select(m => m.Text).Distinct().Count());
        }

        // Without reconnecting: the instances replayed to their own sockets.
        Assert.Equal(0, aliceOnA.Reconnects);
        Assert.Equal(0, bobOnB.Reconnects);
        Assert.Contains("chat_redis_up 1", await cluster.Instances[0].Http.GetStringAsync("metrics"), StringComparison.Ordinal);
    }

    private static async Task<string> OnlineAsync(ChatCluster cluster, string access, string username)
    {
        var user = await cluster.UserAsync(access, username);
        return user.GetProperty("online").GetBoolean() ? "online" : "offline";
    }
}