using System.Diagnostics;

using Gateway.Samples.Chat.Observability;
using Gateway.Samples.Chat.Presence;
using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// The transport-independent core of the real-time protocol: which connections are subscribed to which rooms, the
/// store-then-publish path of a send, replay-then-live subscription without gap or duplicate, typing throttling and
/// presence fan-out with privacy. The WebSocket layer parses frames, calls these methods and writes through its
/// <see cref="IOutboundSink"/>. One instance per process; it subscribes itself to the backplane.
/// </summary>
internal sealed class ChatHub : IBackplaneSubscriber, IAsyncDisposable
{
    private const int ReplayPageSize = IMessageRepository.MaxPageSize;
    private const int TypingEntriesBeforePrune = 4096;

    private readonly IChatStore _store;
    private readonly IChatBackplane _backplane;
    private readonly RealtimeOptions _options;
    private readonly TimeProvider _time;
    private readonly ChatMetrics? _metrics;
    private readonly IDisposable _subscription;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, HashSet<ChatConnection>> _rooms = [];
    private readonly Dictionary<long, HashSet<ChatConnection>> _users = [];
    private readonly Dictionary<(long User, long Room), DateTimeOffset> _lastTyping = [];
    private readonly HashSet<long> _gapFills = [];
    private readonly CancellationTokenSource _disposing = new();
    private long _nextConnectionId;

    /// <summary>Creates the hub and subscribes it to <paramref name="backplane"/>; <paramref name="metrics"/> is optional.</summary>
    public ChatHub(IChatStore store, IChatBackplane backplane, RealtimeOptions options, TimeProvider time, ChatMetrics? metrics = null)
    {
        _metrics = metrics;
        ArgumentNullException.ThrowIfNull(backplane);
        _store = store;
        _backplane = backplane;
        _options = options;
        _time = time;
        _subscription = backplane.Subscribe(this);
    }

    /// <summary>Open connections.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                var count = 0;
                foreach (var connections in _users.Values)
                {
                    count += connections.Count;
                }

                return count;
            }
        }
    }

    /// <summary>Registers an authenticated connection; dispose it through <see cref="DisconnectAsync"/>.</summary>
    public ChatConnection Connect(long userId, string username, IOutboundSink sink)
    {
        var connection = new ChatConnection(Interlocked.Increment(ref _nextConnectionId), userId, username, sink, _options, _metrics);
        _metrics?.ConnectionsChanged(+1);
        lock (_lock)
        {
            if (!_users.TryGetValue(userId, out var connections))
            {
                _users[userId] = connections = [];
            }

            connections.Add(connection);
        }

        return connection;
    }

    /// <summary>Forgets the connection (every subscription) and stops its pump.</summary>
    public async ValueTask DisconnectAsync(ChatConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_lock)
        {
            if (!_users.TryGetValue(connection.UserId, out var registered) || !registered.Contains(connection))
            {
                return; // disconnected before (or by DisposeAsync)
            }

            _metrics?.ConnectionsChanged(-1);
            foreach (var roomId in connection.SubscribedRooms)
            {
                RemoveFromRoom(roomId, connection);
            }

            if (_users.TryGetValue(connection.UserId, out var connections) && connections.Remove(connection) && connections.Count == 0)
            {
                _users.Remove(connection.UserId);
            }
        }

        await connection.DisposeAsync();
    }

    /// <summary>
    /// Subscribes to a room: queues every stored message with seq above <paramref name="sinceSeq"/> in order, then
    /// <c>subscribed</c>, then live messages — none missing, none twice, even while others send. False when the user
    /// is not a member.
    /// </summary>
    public async Task<bool> SubscribeAsync(ChatConnection connection, long roomId, long sinceSeq, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!await _store.Rooms.IsMemberAsync(roomId, connection.UserId, cancellationToken)
            || await _store.Rooms.FindAsync(roomId, cancellationToken) is not { } room)
        {
            return false;
        }

        // A since_seq beyond the room's newest message (a client remembering another database) would make every
        // live message look like a duplicate; anything stored after this read has a higher seq anyway.
        var since = Math.Clamp(sinceSeq, 0, room.LastSeq);

        // Registered before reading the database, so a message stored during the replay is either read by it or
        // arrives live (and waits); the seq check drops the one that is both.
        var subscription = connection.Subscribe(roomId, since);
        lock (_lock)
        {
            if (!_rooms.TryGetValue(roomId, out var subscribers))
            {
                _rooms[roomId] = subscribers = [];
            }

            subscribers.Add(connection);
        }

        while (true)
        {
            var page = await _store.Messages.ReplayAsync(roomId, since, ReplayPageSize, cancellationToken);
            foreach (var message in page)
            {
                if (!await connection.DeliverReplayedAsync(subscription, message.Seq, ServerEvents.Message(message), cancellationToken))
                {
                    return true; // replaced by a newer subscribe of the same room, or unsubscribed
                }

                since = message.Seq;
            }

            if (page.Count < ReplayPageSize)
            {
                break;
            }
        }

        connection.CompleteReplay(subscription, ServerEvents.Subscribed(roomId, since));
        return true;
    }

    /// <summary>Stops live messages of the room for this connection.</summary>
    public void Unsubscribe(ChatConnection connection, long roomId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_lock)
        {
            if (connection.Unsubscribe(roomId))
            {
                RemoveFromRoom(roomId, connection);
            }
        }
    }

    /// <summary>After the user left a room (HTTP): unsubscribes every connection of theirs from it.</summary>
    public void OnLeftRoom(long userId, long roomId)
    {
        lock (_lock)
        {
            if (!_users.TryGetValue(userId, out var connections))
            {
                return;
            }

            foreach (var connection in connections)
            {
                if (connection.Unsubscribe(roomId))
                {
                    RemoveFromRoom(roomId, connection);
                }
            }
        }
    }

    /// <summary>
    /// Stores the message (its seq is assigned in that transaction) and only then publishes it. The caller acks with
    /// <see cref="SendResult.Message"/> for <see cref="SendStatus.Stored"/> and <see cref="SendStatus.Duplicate"/>.
    /// </summary>
    public async Task<SendResult> SendAsync(ChatConnection connection, long roomId, string clientId, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(clientId);
        ArgumentNullException.ThrowIfNull(text);
        if (!connection.TryTakeSend())
        {
            _metrics?.RateLimitHit("send");
            return new SendResult(SendStatus.RateLimited, null, $"at most {_options.SendLimit} sends per {_options.SendWindow.TotalSeconds:0} s");
        }

        if (text.Length < 1 || text.Length > _options.MaxTextLength)
        {
            return new SendResult(SendStatus.Invalid, null, $"text must be 1 to {_options.MaxTextLength} characters");
        }

        if (clientId.Length < 1 || clientId.Length > _options.MaxClientIdLength)
        {
            return new SendResult(SendStatus.Invalid, null, $"client_id must be 1 to {_options.MaxClientIdLength} characters");
        }

        var stored = await _store.Messages.StoreAsync(roomId, connection.UserId, clientId, text, _time.GetUtcNow(), cancellationToken);
        switch (stored.Status)
        {
            case StoreMessageStatus.Stored:
                _metrics?.MessageStored();
                // Not cancelled with the request: once stored, subscribers must hear of it.
                await _backplane.PublishMessageStoredAsync(stored.Message!, CancellationToken.None);
                return new SendResult(SendStatus.Stored, stored.Message, null);
            case StoreMessageStatus.Duplicate:
                return new SendResult(SendStatus.Duplicate, stored.Message, null);
            case StoreMessageStatus.ClientIdTaken:
                return new SendResult(SendStatus.Invalid, null, "client_id was already used for a message in another room");
            default:
                return new SendResult(SendStatus.Forbidden, null, "not a member of this room");
        }
    }

    /// <summary>Publishes "typing" to the room's other subscribers, at most once per user and room per interval.</summary>
    public async Task<TypingStatus> TypingAsync(ChatConnection connection, long roomId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!connection.IsSubscribed(roomId))
        {
            return TypingStatus.NotSubscribed;
        }

        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var key = (connection.UserId, roomId);
            if (_lastTyping.TryGetValue(key, out var last) && now - last < _options.TypingInterval)
            {
                return TypingStatus.Throttled;
            }

            if (_lastTyping.Count >= TypingEntriesBeforePrune)
            {
                PruneTyping(now);
            }

            _lastTyping[key] = now;
        }

        await _backplane.PublishTypingAsync(new TypingNotice(roomId, connection.UserId, connection.Username), cancellationToken);
        return TypingStatus.Sent;
    }

    /// <inheritdoc />
    public ValueTask OnMessageStoredAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var frame = new OutboundFrame(ServerEvents.Message(message), Stopwatch.GetTimestamp());
        var gap = false;
        foreach (var connection in SubscribersOf(message.RoomId))
        {
            gap |= connection.DeliverLive(message.RoomId, message.Seq, frame);
        }

        if (gap)
        {
            ScheduleGapFill(message.RoomId);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnTypingAsync(TypingNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var frame = ServerEvents.Typing(notice);
        foreach (var connection in SubscribersOf(notice.RoomId))
        {
            if (connection.UserId != notice.UserId && connection.IsSubscribed(notice.RoomId))
            {
                connection.DeliverEvent(frame);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask OnPresenceAsync(PresenceNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var contacts = await _store.Rooms.ListContactsAsync(notice.UserId, cancellationToken);
        var subject = new PresenceSubject(notice.UserId, notice.ShowLastSeen, notice.Online, notice.LastSeen);
        // Privacy leaves two possible views (full or hidden); serialise each once.
        byte[]? full = null, hidden = null;
        foreach (var contact in contacts)
        {
            var connections = ConnectionsOf(contact.UserId);
            if (connections.Length == 0)
            {
                continue;
            }

            var view = PresencePolicy.Describe(new PresenceViewer(contact.UserId, contact.ShowLastSeen), subject);
            var frame = view == PresenceView.Hidden
                ? hidden ??= ServerEvents.Presence(notice.Username, view)
                : full ??= ServerEvents.Presence(notice.Username, view);
            foreach (var connection in connections)
            {
                connection.DeliverEvent(frame);
            }
        }
    }

    /// <summary>
    /// After the backplane lost notifications (its Redis subscription dropped and is live again): every room with
    /// subscribers here is read from the database past the oldest seq one of them has, and the messages go through
    /// the live path, which drops what a connection has and queues the rest in order — clients see the messages from
    /// other instances that they missed, without reconnecting. A connection further behind than half its queue is told
    /// to resync instead (close 4000: reconnect and subscribe with its last seq), which costs it one round trip rather
    /// than a queue overflow.
    /// </summary>
    public async ValueTask OnNotificationsLostAsync(CancellationToken cancellationToken)
    {
        long[] rooms;
        lock (_lock)
        {
            rooms = [.. _rooms.Keys];
        }

        foreach (var roomId in rooms)
        {
            await CatchUpRoomAsync(roomId, cancellationToken);
        }
    }

    private async Task CatchUpRoomAsync(long roomId, CancellationToken cancellationToken)
    {
        var maxCatchUp = Math.Max(1, _options.OutboundQueueCapacity / 2);
        var behind = new List<(ChatConnection Connection, long Seq)>();
        foreach (var connection in SubscribersOf(roomId))
        {
            // A subscription still replaying reads the database itself and holds live arrivals meanwhile.
            if (connection.LiveSeq(roomId) is { } seq)
            {
                behind.Add((connection, seq));
            }
        }

        if (behind.Count == 0 || await _store.Rooms.FindAsync(roomId, cancellationToken) is not { } room)
        {
            return;
        }

        var since = long.MaxValue;
        var catchingUp = new List<ChatConnection>(behind.Count);
        foreach (var (connection, seq) in behind)
        {
            if (room.LastSeq - seq > maxCatchUp)
            {
                connection.RequestDisconnect(DisconnectReason.Resync);
            }
            else if (seq < room.LastSeq)
            {
                since = Math.Min(since, seq);
                catchingUp.Add(connection);
            }
        }

        while (since < room.LastSeq)
        {
            var page = await _store.Messages.ReplayAsync(roomId, since, ReplayPageSize, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var message in page)
            {
                if (message.Seq > room.LastSeq)
                {
                    return; // newer than the room read: those arrive live (or by the next gap fill)
                }

                var frame = new OutboundFrame(ServerEvents.Message(message), Stopwatch.GetTimestamp());
                foreach (var connection in catchingUp)
                {
                    connection.DeliverLive(roomId, message.Seq, frame);
                }

                since = message.Seq;
            }
        }
    }

    // One pending fill per room: after the delay, whatever is still missing is read from the database. A fill that
    // fails (the database is busy or down) is tried again after the same delay until it succeeds or the hub stops.
    private void ScheduleGapFill(long roomId)
    {
        lock (_lock)
        {
            if (_disposing.IsCancellationRequested || !_gapFills.Add(roomId))
            {
                return;
            }
        }

        var stopping = _disposing.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(_options.GapFillDelay, _time, stopping);
                lock (_lock)
                {
                    _gapFills.Remove(roomId);
                }

                await CatchUpRoomAsync(roomId, stopping);
            }
            catch (Exception exception) when (exception is OperationCanceledException or System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                lock (_lock)
                {
                    _gapFills.Remove(roomId);
                }

                // The database was busy or down (an exhausted pool under load times out): try again after the delay.
                // Without a retry the gap would wait for the next live message of the room, and after the last one
                // of a conversation there is none, so the messages held behind the gap would never be delivered.
                if (!stopping.IsCancellationRequested)
                {
                    ScheduleGapFill(roomId);
                }
            }
        }, CancellationToken.None);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (!_disposing.IsCancellationRequested)
            {
                _disposing.Cancel();
            }
        }

        _subscription.Dispose();
        ChatConnection[] all;
        lock (_lock)
        {
            all = [.. _users.Values.SelectMany(c => c)];
            _users.Clear();
            _rooms.Clear();
        }

        foreach (var connection in all)
        {
            await connection.DisposeAsync();
        }
    }

    private ChatConnection[] SubscribersOf(long roomId)
    {
        lock (_lock)
        {
            return _rooms.TryGetValue(roomId, out var subscribers) ? [.. subscribers] : [];
        }
    }

    private ChatConnection[] ConnectionsOf(long userId)
    {
        lock (_lock)
        {
            return _users.TryGetValue(userId, out var connections) ? [.. connections] : [];
        }
    }

    private void RemoveFromRoom(long roomId, ChatConnection connection)
    {
        if (_rooms.TryGetValue(roomId, out var subscribers) && subscribers.Remove(connection) && subscribers.Count == 0)
        {
            _rooms.Remove(roomId);
        }
    }

    private void PruneTyping(DateTimeOffset now)
    {
        foreach (var (key, at) in _lastTyping)
        {
            if (now - at >= _options.TypingInterval)
            {
                _lastTyping.Remove(key);
            }
        }
    }
}