using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gateway.Server.Transport.EventLoop;

/// <summary>The few Linux calls the event-loop transport makes directly: epoll, eventfd, and non-blocking
/// <c>recv</c>/<c>send</c>/<c>sendmsg</c> on sockets the runtime's own socket engine never registers.</summary>
/// <remarks>Every socket call takes the <see cref="SafeSocketHandle"/>, so the descriptor cannot be closed and reused
/// by another connection while a call is running. Every call passes <c>MSG_DONTWAIT</c> (non-blocking whatever the
/// descriptor's mode) and sends pass <c>MSG_NOSIGNAL</c> (a closed peer is an <c>EPIPE</c>, never a signal).</remarks>
internal static unsafe partial class LinuxSockets
{
    public const int EAGAIN = 11;
    public const int EINTR = 4;
    public const int EBADF = 9;

    public const uint EPOLLIN = 0x001;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;
    public const uint EPOLLRDHUP = 0x2000;
    public const uint EPOLLET = 1u << 31;

    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;

    private const int EPOLL_CLOEXEC = 0x80000;
    private const int EFD_CLOEXEC = 0x80000;
    private const int EFD_NONBLOCK = 0x800;
    private const int MSG_DONTWAIT = 0x40;
    private const int MSG_NOSIGNAL = 0x4000;

    /// <summary>Whether this process can use the event loop: Linux on x64 or Arm64 (the two layouts of
    /// <c>struct epoll_event</c> below).</summary>
    public static bool IsSupported { get; } =
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>The size of <c>struct epoll_event</c>: packed on x64 (12 bytes), naturally aligned elsewhere (16).</summary>
    public static int EpollEventSize { get; } = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static int EpollDataOffset => EpollEventSize == 12 ? 4 : 8;

    public static uint ReadEvents(byte* events, int index) => *(uint*)(events + (index * EpollEventSize));

    public static nint ReadData(byte* events, int index) => *(nint*)(events + (index * EpollEventSize) + EpollDataOffset);

    public static int CreateEpoll()
    {
        var fd = epoll_create1(EPOLL_CLOEXEC);
        return fd >= 0 ? fd : throw new SocketException(Marshal.GetLastPInvokeError());
    }

    public static int CreateEventFd()
    {
        var fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        return fd >= 0 ? fd : throw new SocketException(Marshal.GetLastPInvokeError());
    }

    /// <summary>Adds or removes a descriptor; returns 0 or the errno.</summary>
    public static int Control(int epoll, int operation, int fd, uint events, nint data)
    {
        var buffer = stackalloc byte[16];
        *(uint*)buffer = events;
        *(nint*)(buffer + EpollDataOffset) = data;
        return epoll_ctl(epoll, operation, fd, buffer) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>Waits for events; returns how many, or -errno.</summary>
    public static int Wait(int epoll, byte* events, int capacity)
    {
        var count = epoll_wait(epoll, events, capacity, -1);
        return count >= 0 ? count : -Marshal.GetLastPInvokeError();
    }

    public static void Signal(int eventFd)
    {
        ulong one = 1;
        _ = write(eventFd, &one, sizeof(ulong));
    }

    public static void Drain(int eventFd)
    {
        ulong value;
        _ = read(eventFd, &value, sizeof(ulong));
    }

    /// <summary>Reads what is there without waiting; returns the count, 0 at the peer's FIN, or -errno.</summary>
    public static nint Receive(SafeSocketHandle socket, byte* buffer, int length)
    {
        var received = recv(socket, buffer, (nuint)length, MSG_DONTWAIT);
        return received >= 0 ? received : -Marshal.GetLastPInvokeError();
    }

    /// <summary>Sends what the kernel takes now; returns the count or -errno.</summary>
    public static nint Send(SafeSocketHandle socket, byte* buffer, int length)
    {
        var sent = send(socket, buffer, (nuint)length, MSG_DONTWAIT | MSG_NOSIGNAL);
        return sent >= 0 ? sent : -Marshal.GetLastPInvokeError();
    }

    /// <summary>Sends several buffers in one call (<c>sendmsg</c>); returns the count or -errno.</summary>
    public static nint SendGathered(SafeSocketHandle socket, IoVector* vectors, int count)
    {
        MessageHeader header = default;
        header.Vectors = vectors;
        header.VectorCount = (nuint)count;
        var sent = sendmsg(socket, &header, MSG_DONTWAIT | MSG_NOSIGNAL);
        return sent >= 0 ? sent : -Marshal.GetLastPInvokeError();
    }

    /// <summary><c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary><c>struct msghdr</c> (LP64 Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, byte* @event);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_wait(int epfd, byte* events, int maxevents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recv(SafeSocketHandle socket, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint send(SafeSocketHandle socket, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint sendmsg(SafeSocketHandle socket, MessageHeader* message, int flags);
}
