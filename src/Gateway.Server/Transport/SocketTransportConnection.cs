using System.IO.Pipelines;

namespace Gateway.Server.Transport;

/// <summary>
/// A connection over a real socket, and the graceful close its transports share (the socket engine's
/// <see cref="SocketConnection"/> and the epoll <see cref="EventLoop.EventLoopConnection"/>): send what the app wrote,
/// at most <see cref="TransportOptions.OutputDrainTimeout"/>; then, unless the connection was aborted, shut down the
/// send side and linger until the peer's FIN, at most <see cref="TransportOptions.LingerTimeout"/>, so that a peer still
/// sending is not reset before it read the response; then release the socket.
/// </summary>
internal abstract class SocketTransportConnection : TransportConnection
{
    private readonly TransportOptions _options;
    private int _aborted;
    private int _disposed;
    private volatile bool _skipLinger;

    protected SocketTransportConnection(TransportOptions options) => _options = options;

    /// <summary>Whether <see cref="TransportConnection.Abort"/> ran: the socket is reset, and errors it causes are not the
    /// peer's.</summary>
    protected bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>The app's output, completed when the close starts.</summary>
    protected abstract PipeWriter Output { get; }

    /// <summary>The app's input, completed once the send side is shut.</summary>
    protected abstract PipeReader Input { get; }

    /// <summary>Completes when everything written to <see cref="Output"/> was sent or sending failed.</summary>
    protected abstract Task Sending { get; }

    /// <summary>Completes when the peer finished sending (its FIN), reset the connection, or it was aborted.</summary>
    protected abstract Task Receiving { get; }

    public override void SkipLingeringClose() => _skipLinger = true;

    public sealed override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Output.CompleteAsync().ConfigureAwait(false);
        var sending = Sending;
        if (!sending.IsCompleted && await Task.WhenAny(sending, Task.Delay(_options.OutputDrainTimeout)).ConfigureAwait(false) != sending)
        {
            // A peer that stopped reading must not hold the close forever.
            Abort();
        }

        await sending.ConfigureAwait(false);
        if (!IsAborted)
        {
            await ShutdownSendingAsync().ConfigureAwait(false);
            // Stops reading the input (what still arrives is discarded) and waits for the peer's FIN.
            await Input.CompleteAsync().ConfigureAwait(false);
            var receiving = Receiving;
            if (!_skipLinger && !receiving.IsCompleted)
            {
                await Task.WhenAny(receiving, Task.Delay(_options.LingerTimeout)).ConfigureAwait(false);
            }
        }

        await ReleaseAsync().ConfigureAwait(false);
    }

    /// <summary>Marks the connection aborted.</summary>
    /// <returns>False when it already was: the caller then does nothing.</returns>
    protected bool TryMarkAborted() => Interlocked.Exchange(ref _aborted, 1) == 0;

    /// <summary>Shuts down the send side (after a TLS close_notify, where there is TLS), ignoring a peer already gone.</summary>
    /// <returns>A task that completes when the FIN is queued.</returns>
    protected abstract ValueTask ShutdownSendingAsync();

    /// <summary>The close's last step: closes the socket and frees what the connection holds.</summary>
    /// <returns>A task that completes when the connection is released.</returns>
    protected abstract ValueTask ReleaseAsync();
}