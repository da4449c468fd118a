using System.Buffers;
using System.IO.Pipelines;

namespace Gateway.Server.Transport;

/// <summary>Buffer limits shared by the transports, derived from <see cref="GatewayServerLimits"/>.</summary>
internal sealed class TransportOptions
{
    // Built once, on first use, from the init-only values below.
    private PipeOptions? _input;
    private PipeOptions? _output;
    private PipeOptions? _eventLoopInput;
    private PipeOptions? _eventLoopOutput;

    /// <summary>How much received data may wait in the input pipe before the transport stops reading the socket.</summary>
    public long MaxInputBufferSize { get; init; } = 1024 * 1024;

    /// <summary>How much data may wait in the output pipe before writers are paused.</summary>
    public long MaxOutputBufferSize { get; init; } = 64 * 1024;

    /// <summary>How long a graceful close keeps draining unread input so the peer is not reset before it read the
    /// response.</summary>
    public TimeSpan LingerTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a graceful close waits for buffered output to reach a peer that reads slowly before aborting.</summary>
    public TimeSpan OutputDrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Where the pipes get their segments: by default a <see cref="BlockMemoryPool"/> for this server alone.</summary>
    public MemoryPool<byte> Pool { get; init; } = new BlockMemoryPool();

    /// <summary>Whether plain (not TLS) connections are served by the <see cref="EventLoop.EventLoopThread"/>s rather than
    /// through the runtime's socket engine.</summary>
    public bool UseEventLoop { get; init; }

    public PipeOptions InputPipeOptions() => _input ??= CreatePipeOptions(MaxInputBufferSize);

    public PipeOptions OutputPipeOptions() => _output ??= CreatePipeOptions(MaxOutputBufferSize);

    /// <summary>The event loop's input: the protocol continues inline on the loop thread that delivered the bytes, and the
    /// loop's paused flush resumes inline where the protocol consumed (it only posts back to the loop).</summary>
    public PipeOptions EventLoopInputPipeOptions() => _eventLoopInput ??= CreatePipeOptions(MaxInputBufferSize, PipeScheduler.Inline);

    /// <summary>The event loop's output: a flush sends on the flushing thread, with no hand-off to a send loop (deferred
    /// while the loop delivers input, see <see cref="EventLoop.SendDeferral"/>); a paused writer resumes inline.</summary>
    public PipeOptions EventLoopOutputPipeOptions() => _eventLoopOutput ??= CreatePipeOptions(MaxOutputBufferSize, EventLoop.SendDeferral.Scheduler, PipeScheduler.Inline);

    private PipeOptions CreatePipeOptions(long maxBuffered, PipeScheduler? readerScheduler = null, PipeScheduler? writerScheduler = null) => new(
        pool: Pool,
        readerScheduler: readerScheduler,
        writerScheduler: writerScheduler ?? readerScheduler,
        pauseWriterThreshold: maxBuffered,
        resumeWriterThreshold: maxBuffered / 2,
        minimumSegmentSize: Pool.MaxBufferSize,
        useSynchronizationContext: false);
}