using System.IO.Pipelines;

namespace Gateway.Server.Transport;

/// <summary>Buffer limits shared by the transports, derived from <see cref="GatewayServerLimits"/>.</summary>
internal sealed class TransportOptions
{
    /// <summary>How much received data may wait in the input pipe before the transport stops reading the socket.</summary>
    public long MaxInputBufferSize { get; init; } = 1024 * 1024;

    /// <summary>How much data may wait in the output pipe before writers are paused.</summary>
    public long MaxOutputBufferSize { get; init; } = 64 * 1024;

    /// <summary>How long a graceful close keeps draining unread input so the peer is not reset before it read the
    /// response.</summary>
    public TimeSpan LingerTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a graceful close waits for buffered output to reach a peer that reads slowly before aborting.</summary>
    public TimeSpan OutputDrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public PipeOptions InputPipeOptions() => CreatePipeOptions(MaxInputBufferSize);

    public PipeOptions OutputPipeOptions() => CreatePipeOptions(MaxOutputBufferSize);

    private static PipeOptions CreatePipeOptions(long maxBuffered) => new(
        pauseWriterThreshold: maxBuffered,
        resumeWriterThreshold: maxBuffered / 2,
        useSynchronizationContext: false);
}