using Gateway.Server.Connection.WebSockets;

namespace Gateway.Server.Tests.Connection.WebSockets;

public class WebSocketReceiveQueueTests
{
    private static WebSocketReceive Message(int size) => new(new byte[size]);

    [Fact]
    public async Task The_producer_waits_at_the_message_capacity_until_the_consumer_takes_one()
    {
        var queue = new WebSocketReceiveQueue(capacity: 2, maxBytes: 1024);
        await queue.EnqueueAsync(Message(1));
        await queue.EnqueueAsync(Message(1));

        var third = queue.EnqueueAsync(Message(1)).AsTask();
        Assert.False(third.IsCompleted);

        await queue.DequeueAsync(CancellationToken.None);
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public async Task The_producer_waits_at_the_byte_limit_but_one_large_message_always_fits_an_empty_queue()
    {
        var queue = new WebSocketReceiveQueue(capacity: 32, maxBytes: 100);
        await queue.EnqueueAsync(Message(1000));

        var next = queue.EnqueueAsync(Message(1)).AsTask();
        Assert.False(next.IsCompleted);

        Assert.Equal(1000, ((WebSocketReceive)await queue.DequeueAsync(CancellationToken.None)).Data.Length);
        await next.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task After_completion_queued_messages_come_first_then_the_final_message_forever_and_later_ones_are_dropped()
    {
        var queue = new WebSocketReceiveQueue(capacity: 1, maxBytes: 1024);
        await queue.EnqueueAsync(new WebSocketReceive("kept"));
        var blocked = queue.EnqueueAsync(new WebSocketReceive("blocked")).AsTask();
        var final = new WebSocketDisconnect(1001);

        Assert.True(queue.Complete(final));
        Assert.False(queue.Complete(new WebSocketDisconnect(1000)));
        await blocked.WaitAsync(TimeSpan.FromSeconds(10));
        await queue.EnqueueAsync(new WebSocketReceive("late"));

        Assert.Equal("kept", ((WebSocketReceive)await queue.DequeueAsync(CancellationToken.None)).Text);
        Assert.Same(final, await queue.DequeueAsync(CancellationToken.None));
        Assert.Same(final, await queue.DequeueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_waiting_consumer_wakes_for_a_message_or_the_completion_and_can_be_cancelled()
    {
        var queue = new WebSocketReceiveQueue(capacity: 4, maxBytes: 1024);
        var waiting = queue.DequeueAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        await queue.EnqueueAsync(new WebSocketReceive("hello"));
        Assert.Equal("hello", ((WebSocketReceive)await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Text);

        using var cancellation = new CancellationTokenSource();
        var cancelled = queue.DequeueAsync(cancellation.Token).AsTask();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        var ending = queue.DequeueAsync(CancellationToken.None).AsTask();
        queue.Complete(new WebSocketDisconnect(1006));
        Assert.Equal(1006, ((WebSocketDisconnect)await ending.WaitAsync(TimeSpan.FromSeconds(10))).Code);
    }
}