using Gateway.Samples.Chat.Storage;
using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IChatStore"/> must have, written once and run against each provider by a subclass.
/// Each test gets a fresh, migrated database.
/// </summary>
public abstract class ChatStoreContract : IAsyncLifetime
{
    /// <summary>Text that would break a query built by concatenation.</summary>
    public static readonly string[] InjectionAttempts =
    [
        "'; DROP TABLE messages;--",
        "\" OR 1=1 --",
        "x' OR '1'='1",
        "'); DELETE FROM users; --",
        "\\'; SELECT 1; --%_",
    ];

    private readonly List<IChatStore> _stores = [];
    private string _database = "";

    internal ManualClock Clock { get; } = new();

    internal IChatStore Store { get; private set; } = null!;

    internal string ProviderName => Store.ProviderName;

    public async Task InitializeAsync()
    {
        _database = await NewDatabaseAsync();
        Store = Open(_database, migrations: null);
        await Store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>Creates an empty database; returns what <see cref="OpenStore"/> needs to reach it.</summary>
    internal abstract Task<string> NewDatabaseAsync();

    /// <summary>A store on <paramref name="database"/> (null migrations: the embedded ones).</summary>
    internal abstract IChatStore OpenStore(string database, IReadOnlyList<Migration>? migrations);

    /// <summary>A store on <paramref name="database"/> that is disposed with the test.</summary>
    internal IChatStore Open(string database, IReadOnlyList<Migration>? migrations)
    {
        var store = OpenStore(database, migrations);
        _stores.Add(store);
        return store;
    }

    // ---- migrations ----

    [Fact]
    public virtual async Task Migrate_applies_each_version_once()
    {
        var again = await Store.MigrateAsync();
        Assert.Empty(again);
        var fresh = Open(await NewDatabaseAsync(), null);
        Assert.Equal([1], await fresh.MigrateAsync());
        Assert.True(await fresh.PingAsync());
    }

    [Fact]
    public virtual async Task Failed_migration_on_an_empty_database_applies_nothing()
    {
        var bad = new List<Migration>(EmbeddedMigrations.Load(ProviderName))
        {
            new(2, "extra", "CREATE TABLE extra (id INTEGER);"),
            new(3, "broken", "INSERT INTO no_such_table (id) VALUES (1);"),
        };
        var database = await NewDatabaseAsync();
        var store = Open(database, bad);

        var failure = await Assert.ThrowsAsync<MigrationFailedException>(() => store.MigrateAsync());
        Assert.Equal(3, failure.Version);
        Assert.Contains("no_such_table", failure.Message, StringComparison.Ordinal);

        // Nothing stuck: the good scripts apply from version 1 and "extra" can still be created, so it never existed.
        var good = new List<Migration>(EmbeddedMigrations.Load(ProviderName)) { new(2, "extra", "CREATE TABLE extra (id INTEGER);") };
        var retry = Open(database, good);
        Assert.Equal([1, 2], await retry.MigrateAsync());
    }

    [Fact]
    public virtual async Task Failed_migration_on_a_used_database_keeps_its_schema_and_data()
    {
        var alice = await CreateUserAsync("alice");
        var bad = new List<Migration>(EmbeddedMigrations.Load(ProviderName))
        {
            new(2, "drop_and_break", "DROP TABLE messages; UPDATE users SET username = 'mallory'; INSERT INTO no_such_table (id) VALUES (1);"),
        };
        var failing = Open(_database, bad);
        await Assert.ThrowsAsync<MigrationFailedException>(() => failing.MigrateAsync());

        Assert.Equal("alice", (await Store.Users.FindByIdAsync(alice.Id))!.Username);
        var room = await Store.Rooms.CreatePublicAsync("still here", alice.Id, Clock.GetUtcNow());
        Assert.Equal(StoreMessageStatus.Stored, (await Store.Messages.StoreAsync(room.Id, alice.Id, "c1", "hi", Clock.GetUtcNow())).Status);
        Assert.Empty(await Store.MigrateAsync());
    }

    // ---- users ----

    [Fact]
    public virtual async Task Users_are_unique_by_name_and_keep_their_settings()
    {
        var alice = await CreateUserAsync("alice");
        Assert.Null(await Store.Users.CreateAsync("alice", "other-hash", Clock.GetUtcNow()));
        Assert.True(alice.ShowLastSeen);
        Assert.Null(alice.LastSeen);

        Assert.True(await Store.Users.SetShowLastSeenAsync(alice.Id, false));
        var seen = Clock.GetUtcNow().AddMinutes(5);
        await Store.Users.SetLastSeenAsync(alice.Id, seen);

        var found = await Store.Users.FindByUsernameAsync("alice");
        Assert.NotNull(found);
        Assert.Equal(alice.Id, found.Id);
        Assert.Equal("hash-of-alice", found.PasswordHash);
        Assert.False(found.ShowLastSeen);
        Assert.Equal(seen, found.LastSeen);
        Assert.Null(await Store.Users.FindByUsernameAsync("ALICE"));
        Assert.Null(await Store.Users.FindByIdAsync(alice.Id + 1000));
        Assert.False(await Store.Users.SetShowLastSeenAsync(alice.Id + 1000, true));
    }

    // ---- messages ----

    [Fact]
    public virtual async Task Seq_is_gap_free_per_room_under_concurrent_senders()
    {
        var users = new[] { await CreateUserAsync("u1"), await CreateUserAsync("u2"), await CreateUserAsync("u3") };
        var room = await Store.Rooms.CreatePublicAsync("busy", users[0].Id, Clock.GetUtcNow());
        var other = await Store.Rooms.CreatePublicAsync("other", users[0].Id, Clock.GetUtcNow());
        foreach (var user in users[1..])
        {
            await Store.Rooms.JoinAsync(room.Id, user.Id, Clock.GetUtcNow());
        }

        var sends = new List<Task<StoreMessageResult>>();
        foreach (var user in users)
        {
            for (var i = 0; i < 10; i++)
            {
                var (u, n) = (user, i);
                sends.Add(Task.Run(() => Store.Messages.StoreAsync(room.Id, u.Id, $"{u.Username}-{n}", $"text {n}", Clock.GetUtcNow())));
            }
        }

        var results = await Task.WhenAll(sends);
        Assert.All(results, r => Assert.Equal(StoreMessageStatus.Stored, r.Status));
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), results.Select(r => r.Message!.Seq).Order());
        Assert.Equal(30, (await Store.Rooms.FindAsync(room.Id))!.LastSeq);

        var first = await Store.Messages.StoreAsync(other.Id, users[0].Id, "elsewhere", "x", Clock.GetUtcNow());
        Assert.Equal(1, first.Message!.Seq);
    }

    [Fact]
    public virtual async Task Storing_the_same_client_id_again_returns_the_original_and_stores_nothing()
    {
        var alice = await CreateUserAsync("alice");
        var room = await Store.Rooms.CreatePublicAsync("r", alice.Id, Clock.GetUtcNow());
        var original = await Store.Messages.StoreAsync(room.Id, alice.Id, "c-1", "first", Clock.GetUtcNow());
        Clock.Advance(TimeSpan.FromSeconds(3));

        var retry = await Store.Messages.StoreAsync(room.Id, alice.Id, "c-1", "different text", Clock.GetUtcNow());

        Assert.Equal(StoreMessageStatus.Stored, original.Status);
        Assert.Equal(StoreMessageStatus.Duplicate, retry.Status);
        Assert.Equal(original.Message, retry.Message);
        var next = await Store.Messages.StoreAsync(room.Id, alice.Id, "c-2", "second", Clock.GetUtcNow());
        Assert.Equal(2, next.Message!.Seq);
        var history = await Store.Messages.HistoryAsync(room.Id, null, 100);
        Assert.Equal(["second", "first"], history.Messages.Select(m => m.Text));
    }

    [Fact]
    public virtual async Task A_client_id_used_in_another_room_is_refused_and_stores_nothing()
    {
        // A client id names one message: the same id sent to another room is not a retry of it, and answering with the
        // first room's message would acknowledge a message that was never stored.
        var alice = await CreateUserAsync("alice");
        var first = await Store.Rooms.CreatePublicAsync("first", alice.Id, Clock.GetUtcNow());
        var second = await Store.Rooms.CreatePublicAsync("second", alice.Id, Clock.GetUtcNow());
        await Store.Messages.StoreAsync(first.Id, alice.Id, "c-1", "to the first room", Clock.GetUtcNow());

        var reused = await Store.Messages.StoreAsync(second.Id, alice.Id, "c-1", "to the second room", Clock.GetUtcNow());

        Assert.Equal(StoreMessageStatus.ClientIdTaken, reused.Status);
        Assert.Null(reused.Message);
        Assert.Empty((await Store.Messages.HistoryAsync(second.Id, null, 100)).Messages);
        Assert.Equal(0, (await Store.Rooms.FindAsync(second.Id))!.LastSeq);
        Assert.Equal(1, (await Store.Messages.StoreAsync(second.Id, alice.Id, "c-2", "next", Clock.GetUtcNow())).Message!.Seq);
    }

    [Fact]
    public virtual async Task Concurrent_retries_of_one_client_id_store_it_once()
    {
        var alice = await CreateUserAsync("alice");
        var room = await Store.Rooms.CreatePublicAsync("r", alice.Id, Clock.GetUtcNow());
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.Messages.StoreAsync(room.Id, alice.Id, "same", "once", Clock.GetUtcNow()))));

        Assert.Single(results, r => r.Status == StoreMessageStatus.Stored);
        Assert.All(results, r => Assert.Equal(1, r.Message!.Seq));
        Assert.Equal(1, (await Store.Rooms.FindAsync(room.Id))!.LastSeq);
    }

    [Fact]
    public virtual async Task Concurrent_stores_from_many_senders_are_all_stored_with_gap_free_seqs()
    {
        // SQLite groups concurrent stores into shared transactions; PostgreSQL commits them side by side. Either way each
        // room's seqs are 1..N with no gap or repeat, every acknowledged message is in the history, and a retry racing
        // its original (the same client id in flight twice) stores it once.
        var senders = new List<User>();
        for (var i = 0; i < 6; i++)
        {
            senders.Add(await CreateUserAsync("sender" + i));
        }

        var rooms = new List<Room>();
        for (var r = 0; r < 3; r++)
        {
            var room = await Store.Rooms.CreatePublicAsync("busy" + r, senders[0].Id, Clock.GetUtcNow());
            foreach (var sender in senders.Skip(1))
            {
                await Store.Rooms.JoinAsync(room.Id, sender.Id, Clock.GetUtcNow());
            }

            rooms.Add(room);
        }

        var stores = new List<Task<StoreMessageResult>>();
        for (var n = 0; n < 40; n++)
        {
            foreach (var sender in senders)
            {
                var room = rooms[(n + (int)sender.Id) % rooms.Count];
                var clientId = $"{sender.Id}-{n}";
                stores.Add(Task.Run(() => Store.Messages.StoreAsync(room.Id, sender.Id, clientId, "m " + clientId, Clock.GetUtcNow())));
                if (n % 10 == 0)
                {
                    stores.Add(Task.Run(() => Store.Messages.StoreAsync(room.Id, sender.Id, clientId, "m " + clientId, Clock.GetUtcNow())));
                }
            }
        }

        var results = await Task.WhenAll(stores);

        Assert.All(results, r => Assert.Contains(r.Status, new[] { StoreMessageStatus.Stored, StoreMessageStatus.Duplicate }));
        var stored = results.Where(r => r.Status == StoreMessageStatus.Stored).Select(r => r.Message!).ToList();
        Assert.Equal(240, stored.Count);
        Assert.Equal(240, stored.Select(m => m.ClientId).Distinct().Count());
        foreach (var duplicate in results.Where(r => r.Status == StoreMessageStatus.Duplicate))
        {
            Assert.Equal(stored.Single(m => m.ClientId == duplicate.Message!.ClientId).Seq, duplicate.Message!.Seq);
        }

        foreach (var room in rooms)
        {
            var seqs = stored.Where(m => m.RoomId == room.Id).Select(m => m.Seq).Order().ToList();
            Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
            Assert.Equal(seqs.Count, (await Store.Rooms.FindAsync(room.Id))!.LastSeq);
            var history = await Store.Messages.ReplayAsync(room.Id, 0, 100);
            Assert.Equal(seqs, history.Select(m => m.Seq));
        }
    }

    [Fact]
    public virtual async Task Non_members_cannot_store()
    {
        var alice = await CreateUserAsync("alice");
        var bob = await CreateUserAsync("bob");
        var room = await Store.Rooms.CreatePublicAsync("r", alice.Id, Clock.GetUtcNow());

        var result = await Store.Messages.StoreAsync(room.Id, bob.Id, "c", "let me in", Clock.GetUtcNow());
        var missingRoom = await Store.Messages.StoreAsync(room.Id + 1000, alice.Id, "c", "nowhere", Clock.GetUtcNow());

        Assert.Equal(StoreMessageStatus.NotMember, result.Status);
        Assert.Null(result.Message);
        Assert.Equal(StoreMessageStatus.NotMember, missingRoom.Status);
        Assert.Equal(0, (await Store.Rooms.FindAsync(room.Id))!.LastSeq);
    }

    [Fact]
    public virtual async Task History_pages_newest_first_by_seq()
    {
        var alice = await CreateUserAsync("alice");
        var room = await Store.Rooms.CreatePublicAsync("r", alice.Id, Clock.GetUtcNow());
        for (var i = 1; i <= 7; i++)
        {
            await Store.Messages.StoreAsync(room.Id, alice.Id, $"c{i}", $"m{i}", Clock.GetUtcNow());
        }

        var newest = await Store.Messages.HistoryAsync(room.Id, null, 3);
        Assert.Equal([7L, 6, 5], newest.Messages.Select(m => m.Seq));
        Assert.True(newest.HasMore);
        var middle = await Store.Messages.HistoryAsync(room.Id, 5, 3);
        Assert.Equal([4L, 3, 2], middle.Messages.Select(m => m.Seq));
        Assert.True(middle.HasMore);
        var last = await Store.Messages.HistoryAsync(room.Id, 2, 3);
        Assert.Equal([1L], last.Messages.Select(m => m.Seq));
        Assert.False(last.HasMore);
        var exact = await Store.Messages.HistoryAsync(room.Id, 4, 3);
        Assert.False(exact.HasMore);
        Assert.Equal("alice", newest.Messages[0].Sender);
        Assert.Equal(room.Id, newest.Messages[0].RoomId);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.Messages.HistoryAsync(room.Id, null, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.Messages.HistoryAsync(room.Id, null, 101));
        Assert.Equal(7, (await Store.Messages.HistoryAsync(room.Id, null, 100)).Messages.Count);
    }

    [Fact]
    public virtual async Task Replay_returns_messages_after_since_in_order()
    {
        var alice = await CreateUserAsync("alice");
        var room = await Store.Rooms.CreatePublicAsync("r", alice.Id, Clock.GetUtcNow());
        for (var i = 1; i <= 5; i++)
        {
            await Store.Messages.StoreAsync(room.Id, alice.Id, $"c{i}", $"m{i}", Clock.GetUtcNow());
        }

        Assert.Equal([3L, 4, 5], (await Store.Messages.ReplayAsync(room.Id, 2, 100)).Select(m => m.Seq));
        Assert.Equal([1L, 2], (await Store.Messages.ReplayAsync(room.Id, 0, 2)).Select(m => m.Seq));
        Assert.Empty(await Store.Messages.ReplayAsync(room.Id, 5, 100));
    }

    // ---- rooms ----

    [Fact]
    public virtual async Task My_rooms_show_members_last_message_and_unread_counts()
    {
        var alice = await CreateUserAsync("alice");
        var bob = await CreateUserAsync("bob");
        var quiet = await Store.Rooms.CreatePublicAsync("quiet", alice.Id, Clock.GetUtcNow());
        Clock.Advance(TimeSpan.FromSeconds(1));
        var busy = await Store.Rooms.CreatePublicAsync("busy", alice.Id, Clock.GetUtcNow());
        await Store.Rooms.JoinAsync(busy.Id, bob.Id, Clock.GetUtcNow());
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Store.Messages.StoreAsync(busy.Id, bob.Id, "b1", "one", Clock.GetUtcNow());
        await Store.Messages.StoreAsync(busy.Id, bob.Id, "b2", "two", Clock.GetUtcNow());
        await Store.Messages.StoreAsync(busy.Id, alice.Id, "a1", "mine", Clock.GetUtcNow());
        await Store.Messages.StoreAsync(busy.Id, bob.Id, "b3", "three", Clock.GetUtcNow());

        var rooms = await Store.Rooms.ListForUserAsync(alice.Id);
        Assert.Equal([busy.Id, quiet.Id], rooms.Select(r => r.Room.Id));
        Assert.Equal(2, rooms[0].MemberCount);
        Assert.Equal("three", rooms[0].LastMessage!.Text);
        Assert.Equal("bob", rooms[0].LastMessage!.Sender);
        Assert.Equal(3, rooms[0].UnreadCount); // her own message is not unread
        Assert.Equal(1, rooms[1].MemberCount);
        Assert.Null(rooms[1].LastMessage);
        Assert.Equal(0, rooms[1].UnreadCount);

        Assert.True(await Store.Rooms.MarkReadAsync(busy.Id, alice.Id, 2));
        Assert.Equal(1, (await Store.Rooms.ListForUserAsync(alice.Id))[0].UnreadCount);
        Assert.True(await Store.Rooms.MarkReadAsync(busy.Id, alice.Id, 1)); // never backwards
        Assert.Equal(2, (await Store.Rooms.ListForUserAsync(alice.Id))[0].LastReadSeq);
        Assert.True(await Store.Rooms.MarkReadAsync(busy.Id, alice.Id, 99)); // never past the newest
        Assert.Equal(4, (await Store.Rooms.ListForUserAsync(alice.Id))[0].LastReadSeq);
        Assert.Equal(0, (await Store.Rooms.ListForUserAsync(alice.Id))[0].UnreadCount);
        Assert.False(await Store.Rooms.MarkReadAsync(quiet.Id, bob.Id, 1));
    }

    [Fact]
    public virtual async Task Join_and_leave_change_membership()
    {
        var alice = await CreateUserAsync("alice");
        var bob = await CreateUserAsync("bob");
        var room = await Store.Rooms.CreatePublicAsync("r", alice.Id, Clock.GetUtcNow());

        Assert.True(await Store.Rooms.IsMemberAsync(room.Id, alice.Id));
        Assert.False(await Store.Rooms.IsMemberAsync(room.Id, bob.Id));
        Assert.Equal(JoinRoomStatus.Joined, await Store.Rooms.JoinAsync(room.Id, bob.Id, Clock.GetUtcNow()));
        Assert.Equal(JoinRoomStatus.AlreadyMember, await Store.Rooms.JoinAsync(room.Id, bob.Id, Clock.GetUtcNow()));
        Assert.Equal(JoinRoomStatus.NotFound, await Store.Rooms.JoinAsync(room.Id + 1000, bob.Id, Clock.GetUtcNow()));
        Assert.True(await Store.Rooms.IsMemberAsync(room.Id, bob.Id));
        Assert.True(await Store.Rooms.LeaveAsync(room.Id, bob.Id));
        Assert.False(await Store.Rooms.LeaveAsync(room.Id, bob.Id));
        Assert.False(await Store.Rooms.IsMemberAsync(room.Id, bob.Id));
    }

    [Fact]
    public virtual async Task Direct_rooms_are_created_once_for_a_pair_and_are_closed()
    {
        var alice = await CreateUserAsync("alice");
        var bob = await CreateUserAsync("bob");
        var carol = await CreateUserAsync("carol");

        var rooms = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => i % 2 == 0
            ? Store.Rooms.GetOrCreateDirectAsync(alice.Id, bob.Id, "alice, bob", Clock.GetUtcNow())
            : Store.Rooms.GetOrCreateDirectAsync(bob.Id, alice.Id, "bob, alice", Clock.GetUtcNow()))));

        Assert.Single(rooms.Select(r => r.Id).Distinct());
        Assert.Equal(RoomKind.Direct, rooms[0].Kind);
        Assert.Equal(2, (await Store.Rooms.ListForUserAsync(alice.Id))[0].MemberCount);
        Assert.True(await Store.Rooms.IsMemberAsync(rooms[0].Id, bob.Id));
        Assert.Equal(JoinRoomStatus.NotJoinable, await Store.Rooms.JoinAsync(rooms[0].Id, carol.Id, Clock.GetUtcNow()));
        Assert.NotEqual(rooms[0].Id, (await Store.Rooms.GetOrCreateDirectAsync(alice.Id, carol.Id, "alice, carol", Clock.GetUtcNow())).Id);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Rooms.GetOrCreateDirectAsync(alice.Id, alice.Id, "me", Clock.GetUtcNow()));
    }

    [Fact]
    public virtual async Task Public_search_is_case_insensitive_literal_and_skips_direct_rooms()
    {
        var alice = await CreateUserAsync("alice");
        var bob = await CreateUserAsync("bob");
        await Store.Rooms.CreatePublicAsync("General Chat", alice.Id, Clock.GetUtcNow());
        await Store.Rooms.CreatePublicAsync("100% off_topic", alice.Id, Clock.GetUtcNow());
        await Store.Rooms.CreatePublicAsync("random", alice.Id, Clock.GetUtcNow());
        await Store.Rooms.GetOrCreateDirectAsync(alice.Id, bob.Id, "general dm", Clock.GetUtcNow());

        Assert.Equal(["General Chat"], (await Store.Rooms.SearchPublicAsync("GENERAL", 10)).Select(r => r.Name));
        Assert.Equal(["100% off_topic"], (await Store.Rooms.SearchPublicAsync("0% off_", 10)).Select(r => r.Name));
        Assert.Equal(["100% off_topic"], (await Store.Rooms.SearchPublicAsync("%", 10)).Select(r => r.Name));
        Assert.Equal(3, (await Store.Rooms.SearchPublicAsync("", 10)).Count);
        Assert.Equal(2, (await Store.Rooms.SearchPublicAsync("", 2)).Count);
    }

    [Fact]
    public virtual async Task Contacts_are_the_users_sharing_a_room()
    {
        var alice = await CreateUserAsync("alice");
        var bob = await CreateUserAsync("bob");
        var carol = await CreateUserAsync("carol");
        await CreateUserAsync("dave");
        var one = await Store.Rooms.CreatePublicAsync("one", alice.Id, Clock.GetUtcNow());
        var two = await Store.Rooms.CreatePublicAsync("two", alice.Id, Clock.GetUtcNow());
        await Store.Rooms.JoinAsync(one.Id, bob.Id, Clock.GetUtcNow());
        await Store.Rooms.JoinAsync(two.Id, bob.Id, Clock.GetUtcNow());
        await Store.Rooms.JoinAsync(two.Id, carol.Id, Clock.GetUtcNow());
        await Store.Users.SetShowLastSeenAsync(carol.Id, false);

        var contacts = await Store.Rooms.ListContactsAsync(alice.Id);

        Assert.Equal([new Contact(bob.Id, true), new Contact(carol.Id, false)], contacts);
        Assert.Equal([alice.Id, bob.Id], (await Store.Rooms.ListContactsAsync(carol.Id)).Select(c => c.UserId));
    }

    // ---- refresh tokens ----

    [Fact]
    public virtual async Task Refresh_rotation_accepts_the_current_token_once()
    {
        var alice = await CreateUserAsync("alice");
        var now = Clock.GetUtcNow();
        var family = await Store.RefreshTokens.CreateFamilyAsync(alice.Id, "curl/8", "h1", now, now.AddDays(1));

        var first = await Store.RefreshTokens.RotateAsync("h1", "h2", now.AddMinutes(1), now.AddDays(1));
        Assert.Equal(new RotateResult(RotateStatus.Rotated, alice.Id, family), first);
        var second = await Store.RefreshTokens.RotateAsync("h2", "h3", now.AddMinutes(2), now.AddDays(1));
        Assert.Equal(RotateStatus.Rotated, second.Status);
        Assert.Equal(RotateStatus.Invalid, (await Store.RefreshTokens.RotateAsync("unknown", "h4", now, now.AddDays(1))).Status);

        var sessions = await Store.RefreshTokens.ListActiveFamiliesAsync(alice.Id, now.AddMinutes(3));
        var session = Assert.Single(sessions);
        Assert.Equal(family, session.Id);
        Assert.Equal("curl/8", session.UserAgent);
        Assert.Equal(now, session.CreatedAt);
        Assert.Equal(now.AddMinutes(2), session.LastUsedAt);
    }

    [Fact]
    public virtual async Task Presenting_a_rotated_token_revokes_the_family_including_its_newest_token()
    {
        var alice = await CreateUserAsync("alice");
        var now = Clock.GetUtcNow();
        var family = await Store.RefreshTokens.CreateFamilyAsync(alice.Id, "ua", "h1", now, now.AddDays(1));
        var other = await Store.RefreshTokens.CreateFamilyAsync(alice.Id, "ua2", "o1", now, now.AddDays(1));
        await Store.RefreshTokens.RotateAsync("h1", "h2", now, now.AddDays(1));

        var reuse = await Store.RefreshTokens.RotateAsync("h1", "h-attacker", now, now.AddDays(1));

        Assert.Equal(new RotateResult(RotateStatus.Reused, alice.Id, family), reuse);
        Assert.Equal(RotateStatus.Invalid, (await Store.RefreshTokens.RotateAsync("h2", "h3", now, now.AddDays(1))).Status);
        Assert.Equal(RotateStatus.Invalid, (await Store.RefreshTokens.RotateAsync("h-attacker", "h5", now, now.AddDays(1))).Status);
        Assert.Equal([other], (await Store.RefreshTokens.ListActiveFamiliesAsync(alice.Id, now)).Select(f => f.Id));
    }

    [Fact]
    public virtual async Task Concurrent_rotations_of_one_token_let_at_most_one_through()
    {
        var alice = await CreateUserAsync("alice");
        var now = Clock.GetUtcNow();
        await Store.RefreshTokens.CreateFamilyAsync(alice.Id, "ua", "h1", now, now.AddDays(1));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => Store.RefreshTokens.RotateAsync("h1", $"n{i}", now, now.AddDays(1)))));

        Assert.True(results.Count(r => r.Status == RotateStatus.Rotated) <= 1);
        Assert.Contains(results, r => r.Status == RotateStatus.Reused);
        Assert.Empty(await Store.RefreshTokens.ListActiveFamiliesAsync(alice.Id, now));
    }

    [Fact]
    public virtual async Task Expired_tokens_do_not_rotate_and_families_can_be_revoked()
    {
        var alice = await CreateUserAsync("alice");
        var bob = await CreateUserAsync("bob");
        var now = Clock.GetUtcNow();
        var expiring = await Store.RefreshTokens.CreateFamilyAsync(alice.Id, "a", "e1", now, now.AddDays(1));
        var kept = await Store.RefreshTokens.CreateFamilyAsync(alice.Id, "b", "k1", now, now.AddDays(1));
        var loggedOut = await Store.RefreshTokens.CreateFamilyAsync(alice.Id, "c", "l1", now, now.AddDays(1));

        Assert.Equal(RotateStatus.Invalid, (await Store.RefreshTokens.RotateAsync("e1", "e2", now.AddDays(1), now.AddDays(2))).Status);
        Assert.Equal(3, (await Store.RefreshTokens.ListActiveFamiliesAsync(alice.Id, now)).Count);
        Assert.Empty(await Store.RefreshTokens.ListActiveFamiliesAsync(alice.Id, now.AddDays(1)));

        Assert.False(await Store.RefreshTokens.RevokeFamilyAsync(bob.Id, kept, now)); // not bob's
        Assert.True(await Store.RefreshTokens.RevokeFamilyAsync(alice.Id, expiring, now));
        Assert.False(await Store.RefreshTokens.RevokeFamilyAsync(alice.Id, expiring, now)); // already
        Assert.True(await Store.RefreshTokens.RevokeFamilyByTokenAsync("l1", now));
        Assert.False(await Store.RefreshTokens.RevokeFamilyByTokenAsync("nope", now));
        Assert.Equal(RotateStatus.Invalid, (await Store.RefreshTokens.RotateAsync("l1", "l2", now, now.AddDays(1))).Status);
        Assert.Equal([kept], (await Store.RefreshTokens.ListActiveFamiliesAsync(alice.Id, now)).Select(f => f.Id));
        _ = loggedOut;
    }

    // ---- SQL injection ----

    [Fact]
    public virtual async Task Injection_attempts_in_every_text_field_are_stored_verbatim_and_harm_nothing()
    {
        var owner = await CreateUserAsync("owner");
        var room = await Store.Rooms.CreatePublicAsync("base", owner.Id, Clock.GetUtcNow());
        await Store.Messages.StoreAsync(room.Id, owner.Id, "before", "before", Clock.GetUtcNow());
        var index = 0;
        foreach (var attack in InjectionAttempts)
        {
            index++;
            var user = await Store.Users.CreateAsync(attack, attack, Clock.GetUtcNow());
            Assert.NotNull(user);
            Assert.Equal(attack, user.Username);
            var found = await Store.Users.FindByUsernameAsync(attack);
            Assert.Equal(attack, found!.PasswordHash);

            var attackRoom = await Store.Rooms.CreatePublicAsync(attack, user.Id, Clock.GetUtcNow());
            Assert.Equal(attack, (await Store.Rooms.FindAsync(attackRoom.Id))!.Name);
            Assert.Contains(await Store.Rooms.SearchPublicAsync(attack, 100), r => r.Id == attackRoom.Id);

            var direct = await Store.Rooms.GetOrCreateDirectAsync(owner.Id, user.Id, attack, Clock.GetUtcNow());
            Assert.Equal(attack, (await Store.Rooms.FindAsync(direct.Id))!.Name);

            await Store.Rooms.JoinAsync(room.Id, user.Id, Clock.GetUtcNow());
            var stored = await Store.Messages.StoreAsync(room.Id, user.Id, attack, attack, Clock.GetUtcNow());
            Assert.Equal(StoreMessageStatus.Stored, stored.Status);
            Assert.Equal(StoreMessageStatus.Duplicate, (await Store.Messages.StoreAsync(room.Id, user.Id, attack, "again", Clock.GetUtcNow())).Status);

            var family = await Store.RefreshTokens.CreateFamilyAsync(user.Id, attack, attack, Clock.GetUtcNow(), Clock.GetUtcNow().AddDays(1));
            Assert.Equal(attack, (await Store.RefreshTokens.ListActiveFamiliesAsync(user.Id, Clock.GetUtcNow())).Single(f => f.Id == family).UserAgent);
            Assert.Equal(RotateStatus.Rotated, (await Store.RefreshTokens.RotateAsync(attack, attack + index, Clock.GetUtcNow(), Clock.GetUtcNow().AddDays(1))).Status);
        }

        var history = await Store.Messages.HistoryAsync(room.Id, null, 100);
        Assert.Equal([.. InjectionAttempts.Reverse(), "before"], history.Messages.Select(m => m.Text));
        Assert.Equal([.. InjectionAttempts.Reverse(), "before"], history.Messages.Select(m => m.ClientId));
        Assert.Equal([.. InjectionAttempts.Reverse(), "owner"], history.Messages.Select(m => m.Sender));
        Assert.Equal("owner", (await Store.Users.FindByIdAsync(owner.Id))!.Username);
        var ownerRooms = await Store.Rooms.ListForUserAsync(owner.Id);
        Assert.Equal(InjectionAttempts.Length + 1, ownerRooms.Single(r => r.Room.Id == room.Id).MemberCount);
        Assert.Equal(InjectionAttempts.Length + 1, ownerRooms.Count);
    }

    internal async Task<User> CreateUserAsync(string username) =>
        await Store.Users.CreateAsync(username, "hash-of-" + username, Clock.GetUtcNow()) ?? throw new InvalidOperationException("taken");
}