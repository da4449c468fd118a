using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Gateway.Server.Transport;

/// <summary>
/// A TCP or Unix domain socket connection, optionally wrapped in TLS, pumped into bounded pipes both ways.
/// </summary>
/// <remarks>
/// <para>The receive loop first waits for data with a zero-byte read (supported by sockets and <see cref="SslStream"/>),
/// so an idle keep-alive or WebSocket connection holds no receive buffer; it stops reading while the input pipe holds
/// more than <see cref="TransportOptions.MaxInputBufferSize"/> (TCP backpressure). The send loop writes what the
/// protocol layer flushes; the output pipe pauses writers past <see cref="TransportOptions.MaxOutputBufferSize"/>.</para>
/// <para>A graceful close sends the buffered output, shuts the send side down and keeps discarding input for a short,
/// bounded time, so a peer still sending a request body is not reset before it reads our response.</para>
/// </remarks>
internal sealed class SocketConnection : SocketTransportConnection
{
    private const int MinimumReceiveBufferSize = 4096;

    private readonly Socket _socket;
    private readonly TransportOptions _options;
    private readonly SslServerAuthenticationOptions? _tlsOptions;
    private readonly TimeSpan _tlsHandshakeTimeout;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly CancellationTokenSource _closed = new();
    private Stream _stream;
    private SslStream? _sslStream;
    private TlsInfo? _tls;
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;
    private List<ArraySegment<byte>>? _gather;
    private SocketSender? _sender;

    public SocketConnection(Socket socket, TransportOptions options, SslServerAuthenticationOptions? tlsOptions = null, TimeSpan tlsHandshakeTimeout = default)
        : base(options)
    {
        _socket = socket;
        _options = options;
        _tlsOptions = tlsOptions;
        _tlsHandshakeTimeout = tlsHandshakeTimeout > TimeSpan.Zero ? tlsHandshakeTimeout : TimeSpan.FromSeconds(10);
        _stream = new NetworkStream(socket, ownsSocket: false);
        _input = new Pipe(options.InputPipeOptions());
        _output = new Pipe(options.OutputPipeOptions());
        Transport = new DuplexPipe(_input.Reader, _output.Writer);
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
    }

    public override IDuplexPipe Transport { get; }

    public override EndPoint? LocalEndPoint { get; }

    public override EndPoint? RemoteEndPoint { get; }

    public override ITlsInfo? Tls => _tls;

    protected override PipeWriter Output => _output.Writer;

    protected override PipeReader Input => _input.Reader;

    protected override Task Sending => _sending;

    protected override Task Receiving => _receiving;

    public override CancellationToken ConnectionClosed => _closed.Token;

    /// <summary>Completes the TLS handshake when TLS is configured, then starts pumping.</summary>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The TLS handshake failed.</exception>
    /// <exception cref="OperationCanceledException">The handshake took longer than its timeout.</exception>
    public override async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        if (_tlsOptions is not null)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_tlsHandshakeTimeout);
            _sslStream = new SslStream(_stream, leaveInnerStreamOpen: false);
            await _sslStream.AuthenticateAsServerAsync(_tlsOptions, timeout.Token).ConfigureAwait(false);
            _stream = _sslStream;
            _tls = new TlsInfo(_sslStream);
        }

        _receiving = ReceiveLoopAsync();
        _sending = SendLoopAsync();
    }

    public override void Abort(Exception? reason = null)
    {
        if (!TryMarkAborted())
        {
            return;
        }

        // Disposing the socket fails any pending receive or send at once; the loops then complete the pipes.
        _socket.Dispose();
        _output.Reader.CancelPendingRead();
        SignalClosed();
    }

    protected override async ValueTask ReleaseAsync()
    {
        _socket.Dispose();
        await _receiving.ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _sender?.Dispose();
        SignalClosed();
        _closed.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        await Task.Yield();
        Exception? error = null;
        var writer = _input.Writer;
        var discarding = false;
        byte[]? discardBuffer = null;
        try
        {
            while (true)
            {
                if (discarding)
                {
                    discardBuffer ??= new byte[MinimumReceiveBufferSize];
                    if (await _stream.ReadAsync(discardBuffer).ConfigureAwait(false) == 0)
                    {
                        break;
                    }

                    continue;
                }

                // Wait for data without holding a buffer: idle connections cost no receive memory.
                await _stream.ReadAsync(Memory<byte>.Empty).ConfigureAwait(false);
                var buffer = writer.GetMemory(MinimumReceiveBufferSize);
                var read = await _stream.ReadAsync(buffer).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                writer.Advance(read);
                var flush = await writer.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    // The protocol layer stopped reading (it is closing): drain until the peer's FIN.
                    discarding = true;
                }
            }
        }
        catch (Exception exception) when (IsConnectionError(exception))
        {
            error = IsAborted ? null : new ConnectionResetException("The connection was reset by the peer.", exception);
        }
        finally
        {
            await writer.CompleteAsync(error).ConfigureAwait(false);
            SignalClosed();
        }
    }

    private async Task SendLoopAsync()
    {
        await Task.Yield();
        var reader = _output.Reader;
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    if (result.IsCanceled)
                    {
                        break;
                    }

                    await SendAsync(buffer).ConfigureAwait(false);
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (IsConnectionError(exception))
        {
            error = new ConnectionResetException("Sending to the peer failed.", exception);
            SignalClosed();
        }
        finally
        {
            await reader.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one flush worth of output. Several segments over a plain socket go in one gathered send (one
    /// syscall, as Kestrel does), not one send per segment.</summary>
    private ValueTask SendAsync(System.Buffers.ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            return _stream.WriteAsync(buffer.First);
        }

        if (_sslStream is null && TryGather(buffer))
        {
            return (_sender ??= new SocketSender()).SendAsync(_socket, _gather!);
        }

        return WriteSegmentsAsync(buffer);
    }

    private async ValueTask WriteSegmentsAsync(System.Buffers.ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
        {
            await _stream.WriteAsync(segment).ConfigureAwait(false);
        }
    }

    private bool TryGather(System.Buffers.ReadOnlySequence<byte> buffer)
    {
        var segments = _gather ??= new List<ArraySegment<byte>>(4);
        segments.Clear();
        foreach (var memory in buffer)
        {
            if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out var array))
            {
                return false;
            }

            segments.Add(array);
        }

        return true;
    }

    protected override async ValueTask ShutdownSendingAsync()
    {
        try
        {
            if (_sslStream is not null)
            {
                await _sslStream.ShutdownAsync().ConfigureAwait(false);
            }

            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception exception) when (IsConnectionError(exception))
        {
            // The peer is already gone; there is nothing left to shut down gracefully.
        }
    }

    private void SignalClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: nobody can be waiting on the token any more.
        }
    }

    private static bool IsConnectionError(Exception exception) =>
        exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException
            or System.Security.Authentication.AuthenticationException;
}