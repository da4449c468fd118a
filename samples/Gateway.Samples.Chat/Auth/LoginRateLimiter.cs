using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Gateway.Samples.Chat.Auth;

/// <summary>
/// Limits login attempts per username and client address: <see cref="PermitLimit"/> attempts per window, after which
/// attempts are refused with a retry-after until the window ends. A successful login clears the count, so in effect
/// only failures count. Each key gets a <see cref="FixedWindowRateLimiter"/>; at most <c>maxKeys</c> are kept, idle
/// ones are evicted first, and when every slot is busy (an attacker spraying keys) new keys are refused rather than
/// letting memory grow.
/// </summary>
internal sealed class LoginRateLimiter : IDisposable
{
    /// <summary>Attempts allowed per window.</summary>
    public const int PermitLimit = 5;

    private readonly ConcurrentDictionary<string, FixedWindowRateLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly TimeSpan _window;
    private readonly int _maxKeys;
    private readonly Lock _evictionLock = new();

    /// <summary>Creates the limiter (<paramref name="window"/> defaults to one minute).</summary>
    public LoginRateLimiter(TimeSpan? window = null, int maxKeys = 10_000)
    {
        _window = window ?? TimeSpan.FromMinutes(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        _maxKeys = maxKeys;
    }

    /// <summary>How many keys are tracked now (for tests and metrics).</summary>
    public int TrackedKeys => _limiters.Count;

    /// <summary>Takes one attempt for the key; false with how long to wait when the key has used up its window.</summary>
    public bool TryAttempt(string username, string clientAddress, out TimeSpan retryAfter)
    {
        var key = Key(username, clientAddress);
        if (!_limiters.TryGetValue(key, out var limiter))
        {
            limiter = Add(key);
            if (limiter is null)
            {
                retryAfter = _window;
                return false;
            }
        }

        using var lease = limiter.AttemptAcquire(1);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : _window;
        return false;
    }

    /// <summary>Forgets the key's attempts (after a successful login).</summary>
    public void Reset(string username, string clientAddress)
    {
        if (_limiters.TryRemove(Key(username, clientAddress), out var limiter))
        {
            limiter.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }

        _limiters.Clear();
    }

    // Usernames are case-folded so "Alice" and "alice" share a budget; the separator cannot occur in either part.
    private static string Key(string username, string clientAddress) => username.ToLowerInvariant() + "\n" + clientAddress;

    private FixedWindowRateLimiter? Add(string key)
    {
        lock (_evictionLock)
        {
            if (_limiters.TryGetValue(key, out var existing))
            {
                return existing;
            }

            if (_limiters.Count >= _maxKeys)
            {
                EvictIdle();
                if (_limiters.Count >= _maxKeys)
                {
                    return null;
                }
            }

            var limiter = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
            {
                PermitLimit = PermitLimit,
                Window = _window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
            _limiters[key] = limiter;
            return limiter;
        }
    }

    private void EvictIdle()
    {
        // A limiter whose window has refilled holds no information any more.
        foreach (var (key, limiter) in _limiters)
        {
            if (limiter.GetStatistics()?.CurrentAvailablePermits == PermitLimit && _limiters.TryRemove(key, out _))
            {
                limiter.Dispose();
            }
        }
    }
}