using System.Text.Json;

using Gateway.Samples.Chat.Realtime;

namespace Gateway.Samples.Chat.Tests.Support;

/// <summary>An outbound sink that records frames as JSON; it can be held shut to play a client that stopped reading.</summary>
internal sealed class RecordingSink : IOutboundSink
{
    private readonly List<JsonElement> _frames = [];
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disconnects;

    public RecordingSink(bool reading = true)
    {
        if (reading)
        {
            _open.SetResult();
        }
    }

    public DisconnectReason? Reason { get; private set; }

    public int DisconnectRequests => Volatile.Read(ref _disconnects);

    public IReadOnlyList<JsonElement> Frames
    {
        get
        {
            lock (_lock)
            {
                return [.. _frames];
            }
        }
    }

    public void StartReading() => _open.TrySetResult();

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        await _open.Task.WaitAsync(cancellationToken);
        using var document = JsonDocument.Parse(utf8Json);
        lock (_lock)
        {
            _frames.Add(document.RootElement.Clone());
        }
    }

    public void RequestDisconnect(DisconnectReason reason)
    {
        Reason = reason;
        Interlocked.Increment(ref _disconnects);
    }

    public IReadOnlyList<JsonElement> OfType(string type) => [.. Frames.Where(f => f.GetProperty("type").GetString() == type)];

    /// <summary>Waits until <paramref name="condition"/> holds for the frames so far (the pump writes asynchronously).</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(Func<IReadOnlyList<JsonElement>, bool> condition, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var frames = Frames;
            if (condition(frames))
            {
                return frames;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"Condition not met; frames: {string.Join(" ", frames)}");
            }

            await Task.Delay(10);
        }
    }
}