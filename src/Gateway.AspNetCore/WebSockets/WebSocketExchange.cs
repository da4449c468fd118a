using System.Buffers;
using System.Net.WebSockets;
using System.Text;

using Gateway.ServerKit;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.AspNetCore;

// One WebSocket handshake of ASP.NET Core served by a Gateway app:
//
//   contract                            ASP.NET Core
//   ----------------------------------  ------------------------------------------------------------------------------
//   receive: websocket.connect          first, before anything is answered
//   send: order of messages             the Abstractions' WebSocketSendValidator
//   websocket.accept                    HttpContext.WebSockets.AcceptWebSocketAsync (subprotocol, extra headers)
//   websocket.close before accepting    403, as every Gateway server answers
//   websocket.http.response.*           a denial response: status, headers and body on the plain HTTP response
//   receive: websocket.receive          one whole message, at most MaxMessageSize bytes (larger closes with 1009);
//                                       the bytes are valid until the next receive
//   receive after the peer left/closed  websocket.disconnect with the close code (1006 when there was none)
//   send after the peer left            ClientDisconnectedException
//   app returns with the socket open    closed with 1000 (1011 when the app threw)

internal sealed class WebSocketExchange
{
    /// <summary>The largest message the adapter assembles for <c>receive</c>; Gateway.Server's default.</summary>
    public const int MaxMessageSize = 16 * 1024 * 1024;

    private const int NoStatusReceived = 1005;
    private const int AbnormalClosure = 1006;

    private readonly HttpContext _context;
    private readonly ILogger _logger;
    private readonly WebSocketSendValidator _validator = new(denialResponse: true);
    private readonly ArrayBufferWriter<byte> _message = new();
    private WebSocket? _socket;
    private bool _connectDelivered;
    private WebSocketDisconnect? _disconnect;

    public WebSocketExchange(HttpContext context, ILogger logger)
    {
        _context = context;
        _logger = logger;
    }

    public async Task RunAsync(GatewayApp app, Scope scope)
    {
        Exception? error = null;
        try
        {
            await app(scope, ReceiveAsync, SendAsync).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever the app throws closes the socket (1011) or becomes a 500/403, never a crash.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            error = exception;
            AspNetCoreLog.WebSocketEnded(_logger, scope.Path, exception.Message, exception);
        }

        switch (_validator.Phase)
        {
            case WebSocketPhase.Connecting:
                _context.Response.StatusCode = error is null ? StatusCodes.Status403Forbidden : StatusCodes.Status500InternalServerError;
                break;
            case WebSocketPhase.SendingDenialBody:
                _context.Abort();
                break;
            case WebSocketPhase.Open when _socket is { State: WebSocketState.Open or WebSocketState.CloseReceived }:
                await CloseQuietlyAsync(error is null ? WebSocketCloseStatus.NormalClosure : WebSocketCloseStatus.InternalServerError, null).ConfigureAwait(false);
                break;
            case WebSocketPhase.Closed when _socket is { State: WebSocketState.CloseSent }:
                await DrainUntilClosedAsync().ConfigureAwait(false);
                break;
        }

        _socket?.Dispose();
    }

    private async ValueTask<Message> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (!_connectDelivered)
        {
            _connectDelivered = true;
            return WebSocketConnect.Instance;
        }

        if (_disconnect is not null || _socket is null)
        {
            return _disconnect ?? new WebSocketDisconnect(AbnormalClosure);
        }

        _message.ResetWrittenCount();
        try
        {
            while (true)
            {
                var memory = _message.GetMemory(16 * 1024);
                var result = await _socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    var code = (int?)_socket.CloseStatus ?? NoStatusReceived;
                    _disconnect = new WebSocketDisconnect(code, _socket.CloseStatusDescription);
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await CloseQuietlyAsync((WebSocketCloseStatus)code, null).ConfigureAwait(false);
                    }

                    return _disconnect;
                }

                _message.Advance(result.Count);
                if (_message.WrittenCount > MaxMessageSize)
                {
                    await CloseQuietlyAsync(WebSocketCloseStatus.MessageTooBig, "message too big").ConfigureAwait(false);
                    return _disconnect = new WebSocketDisconnect((int)WebSocketCloseStatus.MessageTooBig, "message too big");
                }

                if (result.EndOfMessage)
                {
                    return result.MessageType == WebSocketMessageType.Text
                        ? new WebSocketReceive(Encoding.UTF8.GetString(_message.WrittenSpan))
                        : new WebSocketReceive(_message.WrittenMemory);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException
            || (exception is OperationCanceledException && _context.RequestAborted.IsCancellationRequested))
        {
            return _disconnect = new WebSocketDisconnect(AbnormalClosure);
        }
    }

    private async ValueTask SendAsync(Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        _validator.Advance(message);
        if (_context.RequestAborted.IsCancellationRequested || _disconnect is { Code: AbnormalClosure })
        {
            throw new ClientDisconnectedException("The client disconnected.");
        }

        try
        {
            switch (message)
            {
                case WebSocketAccept accept:
                    foreach (var header in accept.Headers)
                    {
                        _context.Response.Headers.Append(Encoding.Latin1.GetString(header.Name.Span), Encoding.Latin1.GetString(header.Value.Span));
                    }

                    _socket = await _context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = accept.Subprotocol }).ConfigureAwait(false);
                    break;
                case WebSocketSend send:
                    await _socket!.SendAsync(send.Data, send.IsText ? WebSocketMessageType.Text : WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                    break;
                case WebSocketClose close when _socket is null:
                    _context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    break;
                case WebSocketClose close:
                    if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync((WebSocketCloseStatus)close.Code, close.Reason, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case WebSocketHttpResponseStart start:
                    _context.Response.StatusCode = start.Status;
                    foreach (var header in start.Headers)
                    {
                        _context.Response.Headers.Append(Encoding.Latin1.GetString(header.Name.Span), Encoding.Latin1.GetString(header.Value.Span));
                    }

                    break;
                case WebSocketHttpResponseBody body:
                    await _context.Response.Body.WriteAsync(body.Body, cancellationToken).ConfigureAwait(false);
                    if (!body.MoreBody)
                    {
                        await _context.Response.CompleteAsync().ConfigureAwait(false);
                    }

                    break;
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException
            || (exception is OperationCanceledException && _context.RequestAborted.IsCancellationRequested))
        {
            throw new ClientDisconnectedException("The client disconnected.", exception);
        }
    }

    private async Task CloseQuietlyAsync(WebSocketCloseStatus status, string? reason)
    {
        try
        {
            await _socket!.CloseOutputAsync(status, reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone already: nothing left to close.
        }
    }

    /// <summary>After the app closed, waits (briefly) for the peer's close frame so the closing handshake completes.</summary>
    private async Task DrainUntilClosedAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var scratch = new byte[1024];
        try
        {
            while (_socket!.State == WebSocketState.CloseSent)
            {
                await _socket.ReceiveAsync(scratch, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException)
        {
            // The peer did not answer the close in time, or left: the connection ends either way.
        }
    }
}