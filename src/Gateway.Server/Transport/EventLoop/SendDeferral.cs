using System.IO.Pipelines;

namespace Gateway.Server.Transport.EventLoop;

/// <summary>
/// The event loop's output scheduler: a flush sends inline, except while the loop thread is handing received bytes to a
/// protocol, when the send waits until the protocol has consumed them. Sixteen pipelined requests that arrive in one
/// read then leave in one <c>send</c>, not sixteen (nginx sends one per request); a single request is sent as soon as
/// its app returns to the loop.
/// </summary>
/// <remarks>Only the loop thread defers, and only inside <see cref="Deliver"/>; every other thread (an app that awaited
/// real work, a WebSocket app sending on its own) runs the send at once.</remarks>
internal sealed class SendDeferral : PipeScheduler
{
    public static readonly SendDeferral Scheduler = new();

    [ThreadStatic]
    private static Deferred? t_deferred;

    private SendDeferral()
    {
    }

    public override void Schedule(Action<object?> action, object? state)
    {
        var deferred = t_deferred;
        if (deferred is { Active: true })
        {
            deferred.Add(action, state);
            return;
        }

        action(state);
    }

    /// <summary>Flushes <paramref name="writer"/> on the loop thread, deferring the sends its reader triggers until the
    /// flush returned, then runs them.</summary>
    public static ValueTask<FlushResult> Deliver(PipeWriter writer)
    {
        var deferred = t_deferred ??= new Deferred();
        deferred.Active = true;
        try
        {
            return writer.FlushAsync();
        }
        finally
        {
            deferred.Active = false;
            deferred.RunAll();
        }
    }

    private sealed class Deferred
    {
        private readonly List<(Action<object?> Action, object? State)> _work = [];

        public bool Active { get; set; }

        public void Add(Action<object?> action, object? state) => _work.Add((action, state));

        public void RunAll()
        {
            // A send may resume an app that flushes again: those run inline now (Active is off), never into this list.
            for (var i = 0; i < _work.Count; i++)
            {
                _work[i].Action(_work[i].State);
            }

            _work.Clear();
        }
    }
}
