using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Gateway.Server.Transport;

/// <summary>Accepts TCP (IPv4, IPv6) or Unix domain socket connections on one endpoint.</summary>
internal sealed class SocketListener : IConnectionListener
{
    private readonly Socket _socket;
    private readonly TransportOptions _options;
    private readonly SslServerAuthenticationOptions? _tlsOptions;
    private readonly TimeSpan _tlsHandshakeTimeout;
    private readonly string? _unixSocketPath;
    private int _unbound;

    private SocketListener(Socket socket, TransportOptions options, SslServerAuthenticationOptions? tlsOptions, TimeSpan tlsHandshakeTimeout, string? unixSocketPath)
    {
        _socket = socket;
        _options = options;
        _tlsOptions = tlsOptions;
        _tlsHandshakeTimeout = tlsHandshakeTimeout;
        _unixSocketPath = unixSocketPath;
        EndPoint = socket.LocalEndPoint!;
    }

    public EndPoint EndPoint { get; }

    /// <summary>Binds and listens. IPv6 "any" also accepts IPv4 (dual mode).</summary>
    /// <exception cref="IOException">The address is in use, not available or not permitted; the message names it
    /// ("127.0.0.1:8000 is already in use") and the <see cref="SocketException"/> is the inner exception.</exception>
    public static SocketListener Bind(EndPoint endPoint, int backlog, TransportOptions options, SslServerAuthenticationOptions? tlsOptions = null, TimeSpan tlsHandshakeTimeout = default)
    {
        Socket socket;
        string? unixSocketPath = null;
        if (endPoint is UnixDomainSocketEndPoint unix)
        {
            unixSocketPath = unix.ToString();
            RemoveStaleUnixSocket(unixSocketPath);
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        }
        else
        {
            socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (endPoint is IPEndPoint { Address: var address } && address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }
        }

        try
        {
            socket.Bind(endPoint);
            socket.Listen(backlog);
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            throw BindFailed(endPoint, exception);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new SocketListener(socket, options, tlsOptions, tlsHandshakeTimeout, unixSocketPath);
    }

    public async ValueTask<TransportConnection?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted or SocketError.InvalidArgument })
            {
                return null;
            }
            catch (SocketException)
            {
                // The peer reset the connection while it sat in the backlog: accept the next one.
                if (Volatile.Read(ref _unbound) != 0)
                {
                    return null;
                }

                continue;
            }

            if (accepted.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            {
                accepted.NoDelay = true;
            }

            if (_tlsOptions is null && _options.UseEventLoop && EventLoop.LinuxSockets.IsSupported)
            {
                return new EventLoop.EventLoopConnection(accepted, _options, EventLoop.EventLoopThread.Next());
            }

            return new SocketConnection(accepted, _options, _tlsOptions, _tlsHandshakeTimeout);
        }
    }

    public ValueTask UnbindAsync()
    {
        if (Interlocked.Exchange(ref _unbound, 1) == 0)
        {
            _socket.Dispose();
            if (_unixSocketPath is not null)
            {
                TryDelete(_unixSocketPath);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => UnbindAsync();

    /// <summary>How an address is written in messages: <c>127.0.0.1:8000</c>, <c>[::1]:8000</c>, <c>unix:/run/app.sock</c>.</summary>
    internal static string Describe(EndPoint endPoint) => endPoint switch
    {
        UnixDomainSocketEndPoint unix => $"unix:{unix}",
        IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } ip => $"[{ip.Address}]:{ip.Port}",
        _ => endPoint.ToString() ?? endPoint.GetType().Name,
    };

    private static IOException BindFailed(EndPoint endPoint, SocketException exception) => new(exception.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => $"{Describe(endPoint)} is already in use",
        SocketError.AddressNotAvailable => $"{Describe(endPoint)} is not an address of this machine",
        SocketError.AccessDenied => $"{Describe(endPoint)} may not be bound by this process (permission denied)",
        _ => $"{Describe(endPoint)} could not be bound: {exception.Message}",
    }, exception);

    private static void RemoveStaleUnixSocket(string path)
    {
        // A socket file left by a process that died keeps the path in use. It is stale when nobody accepts on it; a
        // regular file at the path is not ours to delete (opening a socket file fails, opening a regular file does not).
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            try
            {
                File.OpenHandle(path, FileMode.Open, FileAccess.Read).Dispose();
            }
            catch (IOException)
            {
                TryDelete(path);
                return;
            }

            throw new IOException($"'{path}' exists and is not a Unix socket; refusing to replace it.");
        }

        throw new IOException($"unix:{path} is already in use (another process accepts on it)");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover socket file is removed on the next bind.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}