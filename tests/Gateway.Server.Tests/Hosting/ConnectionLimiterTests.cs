namespace Gateway.Server.Tests.Hosting;

public class ConnectionLimiterTests
{
    [Fact]
    public void Counts_up_to_the_limit_and_refuses_past_it_without_counting()
    {
        var limiter = new ConnectionLimiter(2);

        Assert.True(limiter.TryAcquire());
        Assert.True(limiter.TryAcquire());
        Assert.False(limiter.TryAcquire());
        Assert.Equal(2, limiter.Count);

        limiter.Release();
        Assert.True(limiter.TryAcquire());
        Assert.Equal(2, limiter.Count);
    }

    [Fact]
    public void Without_a_limit_every_connection_is_counted()
    {
        var limiter = new ConnectionLimiter(null);

        for (var i = 0; i < 1000; i++)
        {
            Assert.True(limiter.TryAcquire());
        }

        Assert.Equal(1000, limiter.Count);
    }

    [Fact]
    public void Concurrent_acquires_never_exceed_the_limit()
    {
        var limiter = new ConnectionLimiter(10);
        var acquired = 0;

        Parallel.For(0, 1000, _ =>
        {
            if (limiter.TryAcquire())
            {
                Interlocked.Increment(ref acquired);
            }
        });

        Assert.Equal(10, acquired);
        Assert.Equal(10, limiter.Count);
    }
}