using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;

using Gateway.Server.Tests.Support;
using Gateway.Server.Transport;
using Gateway.Server.Transport.EventLoop;

namespace Gateway.Server.Tests.Transport.EventLoop;

public class EventLoopConnectionTests
{
    [Fact]
    public async Task Plain_connections_join_the_event_loop_unless_the_sockets_transport_is_chosen()
    {
        Assert.True(LinuxSockets.IsSupported, "these tests run on Linux x64 or Arm64, where the event loop is the default");
        foreach (var useEventLoop in new[] { true, false })
        {
            await using var listener = SocketListener.Bind(new IPEndPoint(IPAddress.Loopback, 0), 16, new TransportOptions { UseEventLoop = useEventLoop });
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(listener.EndPoint);

            var connection = await listener.AcceptAsync().AsTask().WaitAsync(Timeouts.Default);

            Assert.IsType(useEventLoop ? typeof(EventLoopConnection) : typeof(SocketConnection), connection);
            await connection!.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_app_that_completes_without_waiting_runs_on_the_loop_thread()
    {
        var threads = new List<string?>();
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, _, send) =>
        {
            lock (threads)
            {
                threads.Add(Thread.CurrentThread.Name);
            }

            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("ok"u8.ToArray()));
        }));
        using var client = server.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("ok", await client.GetStringAsync("/"));
        }

        // The first request may be parsed where the connection started; every later one arrives through the loop.
        Assert.All(threads.Skip(1), name => Assert.StartsWith("Gateway event loop", name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pipelined_requests_read_together_are_answered_in_one_send()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Http(async (_, _, send) =>
        {
            await send(new HttpResponseStart(200, [new("content-length", "2")]));
            await send(new HttpResponseBody("ok"u8.ToArray()));
        }));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.TcpEndPoint());
        const int Depth = 16;
        var requests = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("GET / HTTP/1.1\r\nHost: t\r\n\r\n", Depth)));

        // A warm-up exchange, then the client waits in its read before the burst is sent: one response per send would
        // wake it with the first response alone.
        await socket.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n"u8.ToArray());
        var buffer = new byte[64 * 1024];
        await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(Timeouts.Default);
        var receiving = socket.ReceiveAsync(buffer.AsMemory()).AsTask();
        await socket.SendAsync(requests);
        var received = await receiving.WaitAsync(Timeouts.Default);

        var text = Encoding.ASCII.GetString(buffer, 0, received);
        Assert.Equal(Depth, text.Split("HTTP/1.1 200 OK\r\n").Length - 1);
    }

    [Fact]
    public async Task An_idle_connection_holds_no_buffer_and_one_that_was_read_returns_its_blocks()
    {
        var pool = new CountingPool();
        await using var listener = SocketListener.Bind(new IPEndPoint(IPAddress.Loopback, 0), 16, new TransportOptions { UseEventLoop = true, Pool = pool });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.EndPoint);
        var connection = (await listener.AcceptAsync().AsTask().WaitAsync(Timeouts.Default))!;
        await connection.StartAsync(CancellationToken.None);
        await Task.Delay(100);

        Assert.Equal(0, pool.Outstanding);

        await client.SendAsync("hello"u8.ToArray());
        var result = await connection.Transport.Input.ReadAsync().AsTask().WaitAsync(Timeouts.Default);
        Assert.Equal("hello", Encoding.ASCII.GetString(result.Buffer.ToArray()));
        connection.Transport.Input.AdvanceTo(result.Buffer.End);

        Assert.Equal(0, pool.Outstanding);
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task A_response_larger_than_the_socket_buffers_waits_for_the_reader_and_arrives_whole()
    {
        const int Size = 8 * 1024 * 1024;
        var body = new byte[Size];
        new Random(19).NextBytes(body);
        await using var listener = SocketListener.Bind(new IPEndPoint(IPAddress.Loopback, 0), 16, new TransportOptions { UseEventLoop = true });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await client.ConnectAsync(listener.EndPoint);
        var connection = (await listener.AcceptAsync().AsTask().WaitAsync(Timeouts.Default))!;
        await connection.StartAsync(CancellationToken.None);

        // The kernel takes a few hundred KiB at most: the rest waits for writable edges while the client is not reading.
        var writing = connection.Transport.Output.WriteAsync(body).AsTask();
        await Task.Delay(200);
        Assert.False(writing.IsCompleted, "the output pipe should be holding the writer back");

        var received = new byte[Size];
        await using var stream = new NetworkStream(client);
        await stream.ReadExactlyAsync(received).AsTask().WaitAsync(Timeouts.Default);
        await writing.WaitAsync(Timeouts.Default);

        Assert.True(body.AsSpan().SequenceEqual(received), "the response arrived changed");
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task An_abort_resets_the_connection_and_ends_the_input()
    {
        await using var listener = SocketListener.Bind(new IPEndPoint(IPAddress.Loopback, 0), 16, new TransportOptions { UseEventLoop = true });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.EndPoint);
        var connection = (await listener.AcceptAsync().AsTask().WaitAsync(Timeouts.Default))!;
        await connection.StartAsync(CancellationToken.None);
        var reading = connection.Transport.Input.ReadAsync().AsTask();

        connection.Abort();

        var result = await reading.WaitAsync(Timeouts.Default);
        Assert.True(result.IsCompleted);
        Assert.True(connection.ConnectionClosed.WaitHandle.WaitOne(Timeouts.Default));
        var exception = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            while (await client.ReceiveAsync(new byte[16].AsMemory()).AsTask().WaitAsync(Timeouts.Default) > 0)
            {
            }
        });
        Assert.Equal(SocketError.ConnectionReset, exception.SocketErrorCode);
        await connection.DisposeAsync();
    }

    /// <summary>A pool that counts the blocks rented and not yet returned.</summary>
    private sealed class CountingPool : MemoryPool<byte>
    {
        private readonly BlockMemoryPool _inner = new();
        private int _outstanding;

        public int Outstanding => Volatile.Read(ref _outstanding);

        public override int MaxBufferSize => _inner.MaxBufferSize;

        public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
        {
            Interlocked.Increment(ref _outstanding);
            return new Owner(this, _inner.Rent(minBufferSize));
        }

        protected override void Dispose(bool disposing) => _inner.Dispose();

        private sealed class Owner(CountingPool pool, IMemoryOwner<byte> inner) : IMemoryOwner<byte>
        {
            private int _disposed;

            public Memory<byte> Memory => inner.Memory;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    Interlocked.Decrement(ref pool._outstanding);
                    inner.Dispose();
                }
            }
        }
    }
}
