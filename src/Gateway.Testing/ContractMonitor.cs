namespace Gateway.Testing;

/// <summary>
/// Watches one scope for the contract rules no validator can see: overlapping <see cref="Receive"/> or
/// <see cref="Send"/> calls. It also remembers the first violation of any rule, so that an app that catches the
/// <see cref="InvalidOperationException"/> and carries on still fails its test.
/// </summary>
/// <remarks>Thread-safe: its whole point is to observe calls that race.</remarks>
internal sealed class ContractMonitor
{
    private Exception? _violation;
    private int _receiving;
    private int _sending;

    /// <summary>The first contract violation seen in this scope, if any.</summary>
    public Exception? Violation => Volatile.Read(ref _violation);

    /// <summary>Records <paramref name="violation"/> (the first one wins) and returns it, for <c>throw</c>.</summary>
    public InvalidOperationException Record(InvalidOperationException violation)
    {
        Interlocked.CompareExchange(ref _violation, violation, null);
        return violation;
    }

    /// <summary>Marks a receive as running; call <see cref="ExitReceive"/> when it ends.</summary>
    /// <exception cref="InvalidOperationException">Another receive of this scope is still running.</exception>
    public void EnterReceive()
    {
        if (Interlocked.Exchange(ref _receiving, 1) != 0)
        {
            throw Record(new InvalidOperationException(
                "'receive' was called while another call to it had not completed: calls must not overlap (await each one before the next)."));
        }
    }

    public void ExitReceive() => Volatile.Write(ref _receiving, 0);

    /// <summary>Marks a send as running; call <see cref="ExitSend"/> when it ends.</summary>
    /// <exception cref="InvalidOperationException">Another send of this scope is still running.</exception>
    public void EnterSend()
    {
        if (Interlocked.Exchange(ref _sending, 1) != 0)
        {
            throw Record(new InvalidOperationException(
                "'send' was called while another call to it had not completed: calls must not overlap (await each one before the next)."));
        }
    }

    public void ExitSend() => Volatile.Write(ref _sending, 0);

    /// <summary>
    /// What to report of the app's outcome to a test that wants app exceptions raised: the first violation, else the
    /// app's exception unless it is the expected way of noticing that the client left.
    /// </summary>
    public Exception? Reportable(Exception? appError, CancellationToken aborted)
    {
        if (Violation is { } violation)
        {
            return violation;
        }

        var expected = appError is ClientDisconnectedException
            || (appError is OperationCanceledException && aborted.IsCancellationRequested);
        return expected ? null : appError;
    }
}