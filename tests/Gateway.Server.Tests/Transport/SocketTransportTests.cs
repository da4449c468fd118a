using System.Security.Cryptography.X509Certificates;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

using Gateway.Server.Tests.Support;
using Gateway.Server.Transport;

namespace Gateway.Server.Tests.Transport;

public class SocketTransportTests
{
    private static async Task<string> EchoOnceAsync(Stream stream, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        await stream.WriteAsync(bytes);
        var buffer = new byte[bytes.Length];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Timeouts.Default);
        return Encoding.ASCII.GetString(buffer);
    }

    private static async Task<Socket> ConnectAsync(EndPoint endPoint)
    {
        var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint).WaitAsync(Timeouts.Default);
        return socket;
    }

    [Fact]
    public async Task Port_zero_binds_a_free_port_and_reports_it()
    {
        await using var server = await TestServer.StartAsync(EchoProtocol.Factory);

        var endPoint = server.TcpEndPoint();
        using var socket = await ConnectAsync(endPoint);
        await using var stream = new NetworkStream(socket);

        Assert.NotEqual(0, endPoint.Port);
        Assert.Equal($"http://127.0.0.1:{endPoint.Port}", server.Urls[0]);
        Assert.Equal("hello", await EchoOnceAsync(stream, "hello"));
    }

    [Fact]
    public async Task Listens_on_ipv4_and_ipv6_addresses_at_once()
    {
        await using var server = await TestServer.StartAsync(EchoProtocol.Factory, options => options
            .ListenTcp(IPAddress.Loopback, 0)
            .ListenTcp(IPAddress.IPv6Loopback, 0));

        Assert.Equal(2, server.EndPoints.Count);
        foreach (var endPoint in server.EndPoints)
        {
            using var socket = await ConnectAsync(endPoint);
            await using var stream = new NetworkStream(socket);
            Assert.Equal("ping", await EchoOnceAsync(stream, "ping"));
        }

        Assert.StartsWith("http://[::1]:", server.Urls[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serves_a_unix_domain_socket_and_removes_its_file_when_stopped()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gw-{Guid.NewGuid():N}.sock");
        var server = await TestServer.StartAsync(EchoProtocol.Factory, options => options.ListenUnixSocket(path));
        try
        {
            using var socket = await ConnectAsync(new UnixDomainSocketEndPoint(path));
            await using var stream = new NetworkStream(socket);

            Assert.Equal("over uds", await EchoOnceAsync(stream, "over uds"));
            Assert.Equal($"unix:{path}", server.Urls[0]);
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.False(File.Exists(path));
    }

    [PeerFact(Peer.Python)]
    public async Task A_stale_unix_socket_file_is_replaced()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gw-{Guid.NewGuid():N}.sock");
        // .NET unlinks the file when the socket that bound it is disposed, so leave a stale one from another process.
        using (var python = System.Diagnostics.Process.Start(PeerCatalog.Python, ["-c", $"import socket; socket.socket(socket.AF_UNIX).bind('{path}')"]))
        {
            await python.WaitForExitAsync().WaitAsync(Timeouts.Default);
        }

        Assert.True(File.Exists(path));
        await using var server = await TestServer.StartAsync(EchoProtocol.Factory, options => options.ListenUnixSocket(path));
        using var socket = await ConnectAsync(new UnixDomainSocketEndPoint(path));
        await using var stream = new NetworkStream(socket);

        Assert.Equal("fresh", await EchoOnceAsync(stream, "fresh"));
    }

    [Fact]
    public async Task A_regular_file_at_the_unix_socket_path_is_never_replaced()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gw-{Guid.NewGuid():N}.sock");
        await File.WriteAllTextAsync(path, "precious");

        await Assert.ThrowsAsync<IOException>(() => TestServer.StartAsync(EchoProtocol.Factory, options => options.ListenUnixSocket(path)));

        Assert.Equal("precious", await File.ReadAllTextAsync(path));
        File.Delete(path);
    }

    [Fact]
    public async Task A_busy_port_fails_the_start_and_releases_what_was_bound()
    {
        using var occupier = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        occupier.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        occupier.Listen();
        var busyPort = ((IPEndPoint)occupier.LocalEndPoint!).Port;
        var freePath = Path.Combine(Path.GetTempPath(), $"gw-{Guid.NewGuid():N}.sock");

        var logs = new CapturingLoggerProvider();
        using var loggerFactory = logs.CreateFactory();

        var exception = await Assert.ThrowsAsync<IOException>(() => TestServer.StartAsync(EchoProtocol.Factory, options => options
            .ListenUnixSocket(freePath)
            .ListenTcp(IPAddress.Loopback, busyPort), loggerFactory: loggerFactory));

        // One clear exception naming the address, logged once, without a stack trace.
        Assert.Equal($"127.0.0.1:{busyPort} is already in use", exception.Message);
        Assert.Equal(SocketError.AddressAlreadyInUse, Assert.IsType<SocketException>(exception.InnerException).SocketErrorCode);
        var error = Assert.Single(logs.Entries, entry => entry.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.Contains($"127.0.0.1:{busyPort} is already in use", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Exception);
        Assert.False(File.Exists(freePath));
    }

    [Theory]
    [InlineData(ServerTransport.EventLoop)]
    [InlineData(ServerTransport.Sockets)]
    public async Task A_connection_that_is_not_read_buffers_at_most_the_request_buffer_limit(ServerTransport transport)
    {
        const int limit = 64 * 1024;
        var observed = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource();
        await using var server = await TestServer.StartAsync(
            (_, transport, _) => new ScriptedProtocol(transport, async t =>
            {
                // Never consume: watch the buffered amount until it stops growing.
                long last = -1;
                var stableSince = DateTime.UtcNow;
                while (DateTime.UtcNow - stableSince < TimeSpan.FromMilliseconds(500))
                {
                    await Task.Delay(20);
                    if (t.Transport.Input.TryRead(out var result))
                    {
                        var length = result.Buffer.Length;
                        // Examine nothing: marking bytes examined would tell the pipe the reader needs more and let it grow.
                        t.Transport.Input.AdvanceTo(result.Buffer.Start);
                        if (length != last)
                        {
                            last = length;
                            stableSince = DateTime.UtcNow;
                        }
                    }
                }

                observed.SetResult(last);
                await release.Task;
            }),
            options =>
            {
                options.Limits.MaxRequestBufferSize = limit;
                options.Transport = transport;
            });
        using var socket = await ConnectAsync(server.TcpEndPoint());

        var payload = new byte[64 * 1024 * 1024];
        var sending = socket.SendAsync(payload);
        var buffered = await observed.Task.WaitAsync(Timeouts.Default);

        Assert.InRange(buffered, limit, limit + 16 * 1024);
        Assert.False(sending.IsCompleted, "the client should be held back by TCP flow control");
        release.SetResult();
        socket.Dispose();
    }

    [Theory]
    [InlineData(false, ServerTransport.EventLoop)]
    [InlineData(true, ServerTransport.EventLoop)]
    [InlineData(false, ServerTransport.Sockets)]
    [InlineData(true, ServerTransport.Sockets)]
    public async Task Flushes_spanning_many_blocks_arrive_whole_and_in_order(bool unixSocket, ServerTransport transport)
    {
        // Each flush holds many pool blocks, so each goes out as one gathered send; several flushes reuse its sender.
        const int FlushSize = 200_000;
        const int Flushes = 5;
        var path = Path.Combine(Path.GetTempPath(), $"gw-{Guid.NewGuid():N}.sock");
        await using var server = await TestServer.StartAsync(
            (_, transport, _) => new ScriptedProtocol(transport, async t =>
            {
                var output = t.Transport.Output;
                for (var flush = 0; flush < Flushes; flush++)
                {
                    for (var written = 0; written < FlushSize;)
                    {
                        var span = output.GetSpan();
                        var count = Math.Min(span.Length, FlushSize - written);
                        for (var i = 0; i < count; i++)
                        {
                            span[i] = Pattern((flush * FlushSize) + written + i);
                        }

                        output.Advance(count);
                        written += count;
                    }

                    await output.FlushAsync();
                }
            }),
            options =>
            {
                options.Transport = transport;
                _ = unixSocket ? options.ListenUnixSocket(path) : options.ListenLocalhost(0);
            });
        using var socket = await ConnectAsync(unixSocket ? new UnixDomainSocketEndPoint(path) : server.TcpEndPoint());
        await using var stream = new NetworkStream(socket);

        var received = new byte[FlushSize * Flushes];
        await stream.ReadExactlyAsync(received).AsTask().WaitAsync(Timeouts.Default);

        for (var i = 0; i < received.Length; i++)
        {
            Assert.True(received[i] == Pattern(i), $"Byte {i} is {received[i]}, expected {Pattern(i)}.");
        }

        static byte Pattern(int position) => (byte)((position * 7) + (position >> 12));
    }

    [Theory]
    [InlineData(ServerTransport.EventLoop)]
    [InlineData(ServerTransport.Sockets)]
    public async Task A_graceful_close_lets_a_client_still_sending_read_the_whole_response(ServerTransport serverTransport)
    {
        await using var server = await TestServer.StartAsync(
            (_, transport, _) => new ScriptedProtocol(transport, async t =>
            {
                // Answer after the first bytes and close, leaving the rest of the client's upload unread (a 413, say).
                var first = await t.Transport.Input.ReadAsync();
                t.Transport.Input.AdvanceTo(first.Buffer.End);
                await t.Transport.Output.WriteAsync("HTTP/1.1 413 Content Too Large\r\n\r\n"u8.ToArray());
            }),
            options => options.Transport = serverTransport);
        using var socket = await ConnectAsync(server.TcpEndPoint());

        var upload = Task.Run(async () =>
        {
            try
            {
                await socket.SendAsync(new byte[4 * 1024 * 1024]);
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The server may stop draining before the whole upload went through; the response is what matters.
            }
        });
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(Timeouts.Default)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        await upload;
        Assert.Equal("HTTP/1.1 413 Content Too Large\r\n\r\n", Encoding.ASCII.GetString(received.ToArray()));
    }

    [Fact]
    public async Task Tls_connections_are_encrypted_and_expose_what_was_negotiated()
    {
        var negotiated = new TaskCompletionSource<ITlsInfo?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(
            (_, transport, _) =>
            {
                negotiated.TrySetResult(transport.Tls);
                return new EchoProtocol(transport);
            },
            options => options.ListenLocalhost(0, listen => listen.UseTls(TestCertificates.Server)));
        using var socket = await ConnectAsync(server.TcpEndPoint());
        await using var tls = new SslStream(new NetworkStream(socket), leaveInnerStreamOpen: false);

        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == TestCertificates.Server.GetCertHashString(),
        }).WaitAsync(Timeouts.Default);

        Assert.Equal("secret", await EchoOnceAsync(tls, "secret"));
        var info = await negotiated.Task.WaitAsync(Timeouts.Default);
        Assert.NotNull(info);
        Assert.True(info.Protocol is SslProtocols.Tls12 or SslProtocols.Tls13);
        Assert.Equal(SslApplicationProtocol.Http11, info.ApplicationProtocol);
        Assert.Equal("localhost", info.ServerName);
        Assert.StartsWith("https://", server.Urls[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_tls_handshake_closes_that_connection_and_the_server_carries_on()
    {
        await using var server = await TestServer.StartAsync(EchoProtocol.Factory, options => options.ListenLocalhost(0, listen => listen.UseTls(TestCertificates.Server)));

        using (var plain = await ConnectAsync(server.TcpEndPoint()))
        {
            await plain.SendAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
            var buffer = new byte[256];
            while (await plain.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(Timeouts.Default) > 0)
            {
            }
        }

        using var socket = await ConnectAsync(server.TcpEndPoint());
        await using var tls = new SslStream(new NetworkStream(socket), false, (_, certificate, _, _) => certificate?.GetCertHashString() == TestCertificates.Server.GetCertHashString());
        await tls.AuthenticateAsClientAsync("localhost").WaitAsync(Timeouts.Default);
        Assert.Equal("still up", await EchoOnceAsync(tls, "still up"));
    }

    [Fact]
    public async Task Tls_certificates_load_from_pem_files()
    {
        var directory = Directory.CreateTempSubdirectory("gw-tls-").FullName;
        var certificatePath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "key.pem");
        await File.WriteAllTextAsync(certificatePath, TestCertificates.Server.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, TestCertificates.Server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());

        await using var server = await TestServer.StartAsync(EchoProtocol.Factory, options => options.ListenLocalhost(0, listen => listen.UseTls(certificatePath, keyPath)));
        using var socket = await ConnectAsync(server.TcpEndPoint());
        await using var tls = new SslStream(new NetworkStream(socket), false, (_, certificate, _, _) => certificate?.GetCertHashString() == TestCertificates.Server.GetCertHashString());
        await tls.AuthenticateAsClientAsync("localhost").WaitAsync(Timeouts.Default);

        Assert.Equal("pem", await EchoOnceAsync(tls, "pem"));
        Directory.Delete(directory, recursive: true);
    }
}