using System.Globalization;

using Gateway.Samples.Chat.Observability;
using Gateway.Samples.Chat.Realtime.Redis;

using Microsoft.Extensions.Logging;

using StackExchange.Redis;

namespace Gateway.Samples.Chat.Presence;

/// <summary>
/// Online counts shared by every instance, in Redis (keys in <see cref="RedisNames"/>):
/// <code>
///   {chat}:presence:instance:ID   hash user → this instance's sockets      written only by instance ID (or its sweeper)
///   {chat}:presence:totals        hash user → sockets on all instances     the sum of the above, kept by the same scripts
///   {chat}:presence:alive:ID      "1" with a TTL                           refreshed every heartbeat; its expiry is death
///   {chat}:presence:instances     set of IDs                               what the sweepers look at
/// </code>
/// Every change is one Lua script, so the totals always equal the sum of the instance hashes. A user goes online when
/// their total goes 0 → 1 and offline when it reaches 0 — on a disconnect here, or when a live instance sweeps a dead
/// one (its liveness key expired) and subtracts its counts.
/// <para>
/// This instance also keeps its own counts in memory. When a write cannot be made (Redis down, or this instance was
/// swept while cut off), the counts are marked dirty and the next heartbeat that reaches Redis rewrites this
/// instance's hash from memory (<c>reconcile</c>), announcing whichever users that moved across 0. Presence is
/// announced from Redis's totals only, so it is late during an outage, never wrong.
/// </para>
/// </summary>
internal sealed class RedisPresence : IAsyncDisposable
{
    // KEYS: instance hash, totals, instances set, alive key. ARGV: user, delta, instance id.
    // -2: this instance is not registered (swept, or Redis lost its data): reconcile. -1: the instance count would go
    // negative (the entry was lost): reconcile. Otherwise the user's new total.
    private const string ChangeScript = """
        if redis.call('EXISTS', KEYS[4]) == 0 then return -2 end
        local mine = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
        if mine < 0 then
          redis.call('HINCRBY', KEYS[1], ARGV[1], -ARGV[2])
          return -1
        end
        if mine == 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
        local total = redis.call('HINCRBY', KEYS[2], ARGV[1], ARGV[2])
        if total <= 0 then
          redis.call('HDEL', KEYS[2], ARGV[1])
          return 0
        end
        return total
        """;

    // KEYS as above. ARGV: instance id, TTL ms, then user, count pairs (this instance's counts in memory).
    // Replaces the instance hash, moves the totals by the difference, renews the liveness key; returns user, state
    // pairs (1 online, 0 offline) for the users whose total crossed 0.
    private const string ReconcileScript = """
        local old = redis.call('HGETALL', KEYS[1])
        local delta = {}
        for i = 1, #old, 2 do delta[old[i]] = -tonumber(old[i + 1]) end
        for i = 3, #ARGV, 2 do delta[ARGV[i]] = (delta[ARGV[i]] or 0) + tonumber(ARGV[i + 1]) end
        redis.call('DEL', KEYS[1])
        for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
        redis.call('SADD', KEYS[3], ARGV[1])
        redis.call('SET', KEYS[4], '1', 'PX', ARGV[2])
        local changes = {}
        for user, d in pairs(delta) do
          if d ~= 0 then
            local total = redis.call('HINCRBY', KEYS[2], user, d)
            if total <= 0 then redis.call('HDEL', KEYS[2], user) end
            if total <= 0 and total - d > 0 then
              table.insert(changes, user); table.insert(changes, 0)
            elseif total > 0 and total - d <= 0 then
              table.insert(changes, user); table.insert(changes, 1)
            end
          end
        end
        return changes
        """;

    // KEYS: alive key. ARGV: TTL ms. 0 when the key had expired (reconcile: a sweeper may have removed us).
    private const string HeartbeatScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """;

    // KEYS: the dead instance's hash, totals, instances set, its alive key. ARGV: its id.
    // Nil when it is alive after all; else the users whose total reached 0.
    private const string SweepScript = """
        if redis.call('EXISTS', KEYS[4]) == 1 then return false end
        local entries = redis.call('HGETALL', KEYS[1])
        local offline = {}
        for i = 1, #entries, 2 do
          local total = redis.call('HINCRBY', KEYS[2], entries[i], -tonumber(entries[i + 1]))
          if total <= 0 then
            redis.call('HDEL', KEYS[2], entries[i])
            table.insert(offline, entries[i])
          end
        end
        redis.call('DEL', KEYS[1])
        redis.call('SREM', KEYS[3], ARGV[1])
        return offline
        """;

    private readonly IDatabase _db;
    private readonly string _instanceId;
    private readonly RedisTimings _timings;
    private readonly ILogger _logger;
    private readonly ChatMetrics? _metrics;
    private readonly RedisKey[] _ownKeys;
    private readonly RedisKey[] _aliveKey;
    private readonly Dictionary<long, long> _counts = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private Func<long, bool, CancellationToken, Task>? _announce;
    private Task? _loop;
    private bool _dirty = true; // nothing written yet: the first heartbeat registers this instance

    /// <summary>Presence for instance <paramref name="instanceId"/> on <paramref name="redis"/>.</summary>
    public RedisPresence(IConnectionMultiplexer redis, string instanceId, RedisTimings timings, ILogger logger, ChatMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _db = redis.GetDatabase();
        _instanceId = instanceId;
        _timings = timings;
        _logger = logger;
        _metrics = metrics;
        _ownKeys = [RedisNames.InstanceCounts(instanceId), RedisNames.PresenceTotals, RedisNames.PresenceInstances, RedisNames.InstanceAlive(instanceId)];
        _aliveKey = [RedisNames.InstanceAlive(instanceId)];
    }

    /// <summary>
    /// Starts the heartbeat (liveness key, reconcile, sweeps); <paramref name="announce"/>(user, online) is called for
    /// every user that a reconcile or a sweep moves across 0. Without <paramref name="heartbeat"/> (tests) nothing runs
    /// until <see cref="BeatAsync"/> is called.
    /// </summary>
    public void Start(Func<long, bool, CancellationToken, Task> announce, bool heartbeat = true)
    {
        _announce = announce;
        if (heartbeat)
        {
            _loop = Task.Run(HeartbeatLoopAsync);
        }
    }

    /// <summary>
    /// Adds <paramref name="delta"/> (+1 or -1) to the user's sockets here; returns their total on all instances
    /// afterwards, or null when Redis could not be updated now (the next heartbeat writes it, and announces).
    /// </summary>
    public async Task<long?> ChangeAsync(long userId, int delta)
    {
        var user = userId.ToString(CultureInfo.InvariantCulture);
        await _gate.WaitAsync();
        try
        {
            var count = (_counts.TryGetValue(userId, out var current) ? current : 0) + delta;
            if (count > 0)
            {
                _counts[userId] = count;
            }
            else
            {
                _counts.Remove(userId);
            }

            if (_dirty)
            {
                return null; // a reconcile is due anyway; waiting on a Redis that just failed would stall sessions
            }

            try
            {
                var total = (long)await _db.ScriptEvaluateAsync(ChangeScript, _ownKeys, [user, delta, _instanceId]);
                if (total >= 0)
                {
                    return total;
                }
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // Below: reconcile when Redis is back.
            }

            _dirty = true;
            Wake();
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The user's sockets on all instances, or null when Redis cannot be asked.</summary>
    public async Task<long?> TotalAsync(long userId)
    {
        try
        {
            var value = await _db.HashGetAsync(RedisNames.PresenceTotals, userId.ToString(CultureInfo.InvariantCulture));
            return value.IsNull ? 0 : (long)value;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Runs one heartbeat now (tests; the loop runs them on its own).</summary>
    internal Task BeatAsync(CancellationToken cancellationToken = default) => BeatOnceAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        // A graceful stop leaves nothing to sweep: the sockets are closed by now (each decrement went through), and
        // removing the instance at once spares the others a TTL's wait for whatever is left.
        try
        {
            await _db.KeyDeleteAsync(RedisNames.InstanceAlive(_instanceId));
            if (await SweepAsync(_instanceId) is { Length: > 0 } offline && _announce is not null)
            {
                foreach (var user in offline)
                {
                    await _announce(user, false, CancellationToken.None);
                }
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // Redis is down: the other instances sweep this one once its liveness key has expired.
        }

        _stop.Dispose();
        _gate.Dispose();
        _wake.Dispose();
    }

    private async Task HeartbeatLoopAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await BeatOnceAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // Redis is down; the liveness key may expire meanwhile, which the next heartbeat notices.
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                RedisLog.PresenceStepFailed(_logger, exception);
            }

            try
            {
                await _wake.WaitAsync(_timings.HeartbeatInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task BeatOnceAsync(CancellationToken stop)
    {
        var ttl = (long)_timings.AliveTtl.TotalMilliseconds;
        bool dirty;
        await _gate.WaitAsync(stop);
        try
        {
            dirty = _dirty;
        }
        finally
        {
            _gate.Release();
        }

        if (dirty || (long)await _db.ScriptEvaluateAsync(HeartbeatScript, _aliveKey, [ttl]) == 0)
        {
            await ReconcileAsync(ttl, stop);
        }

        foreach (var member in await _db.SetMembersAsync(RedisNames.PresenceInstances))
        {
            var id = member.ToString();
            if (id == _instanceId)
            {
                continue;
            }

            if (await SweepAsync(id) is { } offline)
            {
                _metrics?.PresenceInstanceSwept();
                RedisLog.Swept(_logger, id, offline.Length);
                foreach (var user in offline)
                {
                    // Stores last_seen, then announces: the dead instance cannot.
                    await Announce(user, false, stop);
                }
            }
        }
    }

    private async Task ReconcileAsync(long ttl, CancellationToken stop)
    {
        RedisResult result;
        await _gate.WaitAsync(stop);
        try
        {
            var arguments = new RedisValue[2 + (2 * _counts.Count)];
            arguments[0] = _instanceId;
            arguments[1] = ttl;
            var i = 2;
            foreach (var (user, count) in _counts)
            {
                arguments[i++] = user;
                arguments[i++] = count;
            }

            result = await _db.ScriptEvaluateAsync(ReconcileScript, _ownKeys, arguments);
            _dirty = false;
        }
        finally
        {
            _gate.Release();
        }

        var changes = (RedisResult[])result!;
        RedisLog.Reconciled(_logger, _instanceId, changes.Length / 2);
        for (var i = 0; i + 1 < changes.Length; i += 2)
        {
            await Announce(long.Parse(changes[i].ToString(), CultureInfo.InvariantCulture), (long)changes[i + 1] == 1, stop);
        }
    }

    private async Task<long[]?> SweepAsync(string instanceId)
    {
        RedisKey[] keys = [RedisNames.InstanceCounts(instanceId), RedisNames.PresenceTotals, RedisNames.PresenceInstances, RedisNames.InstanceAlive(instanceId)];
        var result = await _db.ScriptEvaluateAsync(SweepScript, keys, [instanceId]);
        if (result.IsNull)
        {
            return null;
        }

        var users = (RedisResult[])result!;
        var offline = new long[users.Length];
        for (var i = 0; i < users.Length; i++)
        {
            offline[i] = long.Parse(users[i].ToString(), CultureInfo.InvariantCulture);
        }

        return offline;
    }

    private Task Announce(long userId, bool online, CancellationToken stop) => _announce?.Invoke(userId, online, stop) ?? Task.CompletedTask;

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }
}