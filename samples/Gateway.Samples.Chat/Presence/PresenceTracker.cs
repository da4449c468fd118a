using Gateway.Samples.Chat.Realtime;
using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Presence;

/// <summary>
/// Counts each user's open sockets in this process. The first connect publishes "online"; the last disconnect stores
/// <c>last_seen</c> = now and publishes "offline". Transitions of one user are serialised (a per-user gate held
/// across the store and the publication), so a quick reconnect can never be announced before the disconnect it
/// follows. Entries exist only while a user has sockets or a transition in flight, so memory follows connections.
/// <para>
/// With <paramref name="cluster"/> (Redis), "first" and "last" are decided by the user's total on all instances, not
/// this one's count, and <see cref="DescribeAsync"/> reads that total; <paramref name="cluster"/> also announces the
/// users a sweep of a dead instance (or a reconcile after an outage) moved across 0.
/// </para>
/// </summary>
internal sealed class PresenceTracker(IUserRepository users, IChatBackplane backplane, TimeProvider time, RedisPresence? cluster = null)
{
    private readonly Dictionary<long, UserEntry> _entries = [];
    private readonly Lock _lock = new();

    /// <summary>Whether the user has at least one socket here.</summary>
    public bool IsOnline(long userId) => ConnectionCount(userId) > 0;

    /// <summary>How many sockets the user has here.</summary>
    public int ConnectionCount(long userId)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(userId, out var entry) ? entry.Connections : 0;
        }
    }

    /// <summary>Call when a socket of the user is authenticated; true when it is their first.</summary>
    public Task<bool> ConnectedAsync(long userId, CancellationToken cancellationToken = default) => TransitionAsync(userId, +1, cancellationToken);

    /// <summary>Call once when that socket closes; true when it was their last.</summary>
    public Task<bool> DisconnectedAsync(long userId, CancellationToken cancellationToken = default) => TransitionAsync(userId, -1, cancellationToken);

    /// <summary>
    /// What <paramref name="viewer"/> is shown about <paramref name="subject"/> (for <c>GET /api/users/{username}</c>):
    /// online on any instance, as Redis says; this instance's own count when there is no Redis or it cannot be asked.
    /// </summary>
    public async Task<PresenceView> DescribeAsync(User viewer, User subject)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(subject);
        var online = cluster is not null && await cluster.TotalAsync(subject.Id) is { } total ? total > 0 : IsOnline(subject.Id);
        return PresencePolicy.Describe(
            new PresenceViewer(viewer.Id, viewer.ShowLastSeen),
            new PresenceSubject(subject.Id, subject.ShowLastSeen, online, subject.LastSeen));
    }

    /// <summary>
    /// Announces a transition that the cluster decided (a dead instance's users going offline, or what a reconcile
    /// after an outage found): offline stores <c>last_seen</c> first, as for a local disconnect.
    /// </summary>
    public Task AnnounceClusterChangeAsync(long userId, bool online, CancellationToken cancellationToken) =>
        AnnounceAsync(userId, online, cancellationToken);

    /// <summary>What <paramref name="viewer"/> is shown about <paramref name="subject"/> from this instance's counts alone.</summary>
    public PresenceView Describe(User viewer, User subject)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(subject);
        return PresencePolicy.Describe(
            new PresenceViewer(viewer.Id, viewer.ShowLastSeen),
            new PresenceSubject(subject.Id, subject.ShowLastSeen, IsOnline(subject.Id), subject.LastSeen));
    }

    private async Task<bool> TransitionAsync(long userId, int delta, CancellationToken cancellationToken)
    {
        UserEntry entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(userId, out entry!))
            {
                entry = new UserEntry();
                _entries[userId] = entry;
            }

            entry.Waiting++;
        }

        await entry.Gate.WaitAsync(CancellationToken.None);
        try
        {
            bool changed;
            lock (_lock)
            {
                if (delta < 0 && entry.Connections == 0)
                {
                    throw new InvalidOperationException($"User {userId} disconnected more sockets than connected.");
                }

                entry.Connections += delta;
                changed = delta > 0 ? entry.Connections == 1 : entry.Connections == 0;
            }

            if (cluster is not null)
            {
                // The cluster's total decides; null (Redis unreachable) announces nothing now: the reconcile after the
                // outage announces whatever really changed.
                var total = await cluster.ChangeAsync(userId, delta);
                changed = total is { } t && (delta > 0 ? t == 1 : t == 0);
            }

            if (changed)
            {
                await AnnounceAsync(userId, online: delta > 0, cancellationToken);
            }

            return changed;
        }
        finally
        {
            entry.Gate.Release();
            lock (_lock)
            {
                entry.Waiting--;
                if (entry.Waiting == 0 && entry.Connections == 0)
                {
                    _entries.Remove(userId);
                    entry.Dispose();
                }
            }
        }
    }

    private async Task AnnounceAsync(long userId, bool online, CancellationToken cancellationToken)
    {
        DateTimeOffset? lastSeen = null;
        if (!online)
        {
            // Stored before it is announced: whoever reads the user after the event sees the same moment.
            var now = Storage.Sql.FromUnixMs(Storage.Sql.ToUnixMs(time.GetUtcNow()));
            await users.SetLastSeenAsync(userId, now, cancellationToken);
            lastSeen = now;
        }

        var user = await users.FindByIdAsync(userId, cancellationToken);
        if (user is not null)
        {
            await backplane.PublishPresenceAsync(new PresenceNotice(userId, user.Username, online, lastSeen ?? user.LastSeen, user.ShowLastSeen), cancellationToken);
        }
    }

    private sealed class UserEntry : IDisposable
    {
        public int Connections;
        public int Waiting;
        public readonly SemaphoreSlim Gate = new(1, 1);

        public void Dispose() => Gate.Dispose();
    }
}