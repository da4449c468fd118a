using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Gateway.Server.Transport.EventLoop;

/// <summary>
/// One thread that waits on one epoll instance (edge-triggered) and does each ready connection's socket work itself:
/// it reads, hands the bytes to the protocol (which, for an app that completes without waiting, parses, runs the app and
/// sends the response on this same thread), then takes the next ready connection; it waits again only when none is
/// left. That is nginx's worker model, and what saves the hand-offs and wake-ups of the runtime's socket engine.
/// </summary>
/// <remarks>
/// <para>The loops are shared by every server in the process, one per available core (as the runtime's own socket
/// engine is), created on first use; connections are spread over them in turn.</para>
/// <para>Other threads never touch a connection's receive side: they <see cref="Post"/> the connection, and the loop
/// runs its posted work after the current batch of events, before it waits again.</para>
/// </remarks>
internal sealed unsafe class EventLoopThread
{
    /// <summary>The receive scratch buffer: a read that fills it means more may be waiting.</summary>
    internal const int ReceiveBufferSize = 16 * 1024;

    private const int MaxEvents = 256;
    private static readonly Lock s_createLock = new();
    private static EventLoopThread[]? s_loops;
    private static uint s_next;

    private readonly int _epoll;
    private readonly int _wakeFd;
    private readonly ConcurrentQueue<EventLoopConnection> _posted = new();
    private readonly byte[] _receiveBuffer = GC.AllocateArray<byte>(ReceiveBufferSize, pinned: true);
    private int _wakePending;

    private EventLoopThread(int index)
    {
        _epoll = LinuxSockets.CreateEpoll();
        _wakeFd = LinuxSockets.CreateEventFd();
        var error = LinuxSockets.Control(_epoll, LinuxSockets.EPOLL_CTL_ADD, _wakeFd, LinuxSockets.EPOLLIN, 0);
        if (error != 0)
        {
            throw new System.Net.Sockets.SocketException(error);
        }

        var thread = new Thread(Run, maxStackSize: 0)
        {
            IsBackground = true,
            Name = $"Gateway event loop {index}",
        };
        thread.Start();
    }

    /// <summary>The loop the next connection goes to.</summary>
    public static EventLoopThread Next()
    {
        var loops = s_loops ?? CreateLoops();
        return loops[Interlocked.Increment(ref s_next) % (uint)loops.Length];
    }

    /// <summary>Registers a connection's socket for edge-triggered read, write and hang-up events.</summary>
    /// <returns>0, or the errno of <c>epoll_ctl</c>.</returns>
    public int Register(int fd, nint token) => LinuxSockets.Control(
        _epoll,
        LinuxSockets.EPOLL_CTL_ADD,
        fd,
        LinuxSockets.EPOLLIN | LinuxSockets.EPOLLOUT | LinuxSockets.EPOLLRDHUP | LinuxSockets.EPOLLET,
        token);

    /// <summary>Removes a socket; called on the loop thread, so no later batch can name it.</summary>
    public void Unregister(int fd) => LinuxSockets.Control(_epoll, LinuxSockets.EPOLL_CTL_DEL, fd, 0, 0);

    /// <summary>Has the loop run <see cref="EventLoopConnection.RunPostedWork"/> soon, from any thread.</summary>
    public void Post(EventLoopConnection connection)
    {
        _posted.Enqueue(connection);
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            LinuxSockets.Signal(_wakeFd);
        }
    }

    private static EventLoopThread[] CreateLoops()
    {
        lock (s_createLock)
        {
            if (s_loops is null)
            {
                var loops = new EventLoopThread[Math.Clamp(Environment.ProcessorCount, 1, 64)];
                for (var i = 0; i < loops.Length; i++)
                {
                    loops[i] = new EventLoopThread(i);
                }

                s_loops = loops;
            }

            return s_loops;
        }
    }

    private void Run()
    {
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * LinuxSockets.EpollEventSize));
        while (true)
        {
            var count = LinuxSockets.Wait(_epoll, events, MaxEvents);
            for (var i = 0; i < count; i++)
            {
                var token = LinuxSockets.ReadData(events, i);
                if (token == 0)
                {
                    // Reset before the posted work below runs: a post after this point signals again.
                    LinuxSockets.Drain(_wakeFd);
                    Volatile.Write(ref _wakePending, 0);
                    continue;
                }

                var connection = (EventLoopConnection)GCHandle.FromIntPtr(token).Target!;
                try
                {
                    connection.OnEvents(LinuxSockets.ReadEvents(events, i), _receiveBuffer);
                }
#pragma warning disable CA1031 // A fault in one connection must not end the loop that serves the others.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    connection.Abort(exception);
                }
            }

            while (_posted.TryDequeue(out var connection))
            {
                try
                {
                    connection.RunPostedWork(_receiveBuffer);
                }
#pragma warning disable CA1031 // As above.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    connection.Abort(exception);
                }
            }
        }
    }
}
