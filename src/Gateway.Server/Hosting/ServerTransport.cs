namespace Gateway.Server;

/// <summary>How the server moves bytes between plain (not TLS) sockets and the app.</summary>
public enum ServerTransport
{
    /// <summary>The default where supported (Linux on x64 or Arm64): one event-loop thread per core waits on epoll, reads
    /// only what epoll reported, and runs the protocol and the app's synchronous part on that thread, so a request whose app
    /// completes without waiting costs no thread hand-off; a response is sent inline by the thread that flushes it. That is
    /// nginx's model, and its cost per request. An app that blocks a thread (a synchronous wait, synchronous I/O) stalls the
    /// other connections of its loop: such apps should use <see cref="Sockets"/>. TLS connections, and other platforms,
    /// use <see cref="Sockets"/>.</summary>
    EventLoop,

    /// <summary>The runtime's socket engine (<see cref="System.Net.Sockets.Socket"/> asynchronous operations), with the
    /// protocol on the thread pool, as Kestrel's default.</summary>
    Sockets,
}
