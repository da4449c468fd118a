using Gateway.Samples.Chat.Auth;

namespace Gateway.Samples.Chat.Tests.Auth;

public sealed class LoginRateLimiterTests
{
    [Fact]
    public void Five_attempts_pass_and_the_sixth_waits_for_the_window()
    {
        using var limiter = new LoginRateLimiter();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(limiter.TryAttempt("alice", "10.0.0.1", out _));
        }

        Assert.False(limiter.TryAttempt("alice", "10.0.0.1", out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        Assert.False(limiter.TryAttempt("ALICE", "10.0.0.1", out _)); // same budget whatever the case
        Assert.True(limiter.TryAttempt("alice", "10.0.0.2", out _));
        Assert.True(limiter.TryAttempt("bob", "10.0.0.1", out _));
    }

    [Fact]
    public async Task The_budget_returns_after_the_window()
    {
        using var limiter = new LoginRateLimiter(TimeSpan.FromMilliseconds(300));
        for (var i = 0; i < 5; i++)
        {
            limiter.TryAttempt("alice", "a", out _);
        }

        Assert.False(limiter.TryAttempt("alice", "a", out _));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        // Polling, because the limiter's replenishment timer may run late on a busy machine; a refused try costs nothing.
        while (!limiter.TryAttempt("alice", "a", out _))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "the window never ended");
            await Task.Delay(25);
        }

        Assert.True(watch.Elapsed > TimeSpan.FromMilliseconds(100), $"allowed again after only {watch.Elapsed}");
    }

    [Fact]
    public void Reset_forgets_the_attempts()
    {
        using var limiter = new LoginRateLimiter();
        for (var i = 0; i < 5; i++)
        {
            limiter.TryAttempt("alice", "a", out _);
        }

        limiter.Reset("alice", "a");

        Assert.True(limiter.TryAttempt("alice", "a", out _));
        Assert.Equal(1, limiter.TrackedKeys);
    }

    [Fact]
    public async Task Memory_is_bounded_idle_keys_are_evicted_and_busy_ones_are_not()
    {
        using var limiter = new LoginRateLimiter(TimeSpan.FromMilliseconds(300), maxKeys: 3);
        Assert.True(limiter.TryAttempt("u1", "a", out _));
        Assert.True(limiter.TryAttempt("u2", "a", out _));
        Assert.True(limiter.TryAttempt("u3", "a", out _));

        Assert.False(limiter.TryAttempt("u4", "a", out var retryAfter)); // every slot is in a live window
        Assert.True(retryAfter > TimeSpan.Zero);
        Assert.Equal(3, limiter.TrackedKeys);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!limiter.TryAttempt("u4", "a", out _)) // until the idle ones make room
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "no key was ever evicted");
            await Task.Delay(25);
        }

        Assert.True(limiter.TrackedKeys <= 3);
    }
}