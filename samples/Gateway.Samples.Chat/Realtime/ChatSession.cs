using Gateway.Routing;
using Gateway.Samples.Chat.Storage;

using Microsoft.Extensions.Logging;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// One WebSocket connection of the chat protocol, from accept to close:
/// <code>
///   accept ─▶ auth (first frame, within AuthTimeout) ─┬─ timeout ─────────────▶ close 4408
///                                                     ├─ not auth / bad token ─▶ close 4401
///                                                     └─ ok: hub.Connect, ready, presence connected
///   loop: subscribe | send | typing | read | ping ─▶ answer (ack / error / pong); bad input ─▶ error, stay
///   ends: client closed │ token expired (4401) │ hub asked (1013 slow consumer, 4000 resync) │ shutdown (1001)
///   finally: hub.Disconnect, presence disconnected (exactly once per authenticated socket)
/// </code>
/// Frames are handled one at a time, in order, so an ack follows its store and answers keep the client's order.
/// Shutdown (<see cref="ShutdownAsync"/>) refuses new sends, waits for the send in flight to be stored and its ack
/// queued, writes what is queued, then closes with 1001.
/// </summary>
internal sealed class ChatSession : IDisposable
{
    private const string RateLimited = "rate_limited", Forbidden = "forbidden", ShuttingDown = "shutting_down";
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(2);

    private readonly ChatServices _services;
    private readonly WebSocketConnection _socket;
    private readonly SocketSink _sink;
    private readonly TimeSpan _authTimeout;
    private readonly ILogger _logger;
    private readonly Lock _sendLock = new();
    private readonly TaskCompletionSource _sendsDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _sendsInFlight;
    private bool _stopping;

    public ChatSession(ChatServices services, WebSocketConnection socket, Send send, TimeSpan authTimeout, ILogger logger)
    {
        _logger = logger;
        _services = services;
        _socket = socket;
        _sink = new SocketSink(send);
        _authTimeout = authTimeout;
    }

    /// <summary>Runs the connection; returning means it is closed and forgotten by the hub and presence.</summary>
    public async Task RunAsync()
    {
        try
        {
            await RunSessionAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not ClientDisconnectedException)
        {
            SocketLog.Failed(_logger, exception);
            throw;
        }
    }

    private async Task RunSessionAsync()
    {
        await _socket.AcceptAsync();
        var user = await AuthenticateAsync();
        if (user is null)
        {
            return;
        }

        var (account, expiresAt) = user.Value;
        // Built before registering, so ready is queued first (presence and typing fan-out start at Connect).
        var ready = SessionFrames.Ready(account, await _services.Store.Rooms.ListForUserAsync(account.Id));
        var hub = _services.Hub;
        var connection = hub.Connect(account.Id, account.Username, _sink);
        var announced = false;
        try
        {
            await connection.EnqueueAsync(ready);
            SocketLog.Ready(_logger, connection.Id, account.Id);
            // Counted before the await: the tracker increments before it announces, so a failed announcement still
            // needs its matching disconnect.
            announced = true;
            await _services.Presence.ConnectedAsync(account.Id);

            var lifetime = expiresAt - _services.Time.GetUtcNow();
            using var expiry = _services.Time.CreateTimer(
                _ => _sink.RequestClose(ChatCloseCodes.Unauthorized, "access token expired"), null,
                lifetime > TimeSpan.Zero ? lifetime : TimeSpan.Zero, Timeout.InfiniteTimeSpan);

            await ReceiveLoopAsync(connection);
            if (_sink.RequestedClose is { } close)
            {
                await connection.DrainAsync(s_drainTimeout);
                await _sink.CloseAsync(close.Code, close.Reason);
                SocketLog.ClosedByServer(_logger, connection.Id, account.Id, close.Code, close.Reason);
            }
        }
        finally
        {
            await hub.DisconnectAsync(connection);
            if (announced)
            {
                await _services.Presence.DisconnectedAsync(account.Id);
            }
        }
    }

    /// <summary>Stops taking sends, waits (within <paramref name="timeout"/>) for the one in flight, then asks for close 1001.</summary>
    public async Task ShutdownAsync(TimeSpan timeout)
    {
        lock (_sendLock)
        {
            _stopping = true;
            if (_sendsInFlight == 0)
            {
                _sendsDone.TrySetResult();
            }
        }

        try
        {
            await _sendsDone.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // The database is stuck; close anyway, the client retries with the same client_id.
        }

        _sink.RequestClose(ChatCloseCodes.GoingAway, "server shutting down");
    }

    /// <inheritdoc />
    public void Dispose() => _sink.Dispose();

    private async Task<(User User, DateTimeOffset ExpiresAt)?> AuthenticateAsync()
    {
        var metrics = _services.Metrics;
        using var timeout = new CancellationTokenSource(_authTimeout, _services.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _sink.Closing);
        Message message;
        try
        {
            message = await _socket.ReceiveAsync(linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            if (_sink.RequestedClose is { } requested)
            {
                await _sink.CloseAsync(requested.Code, requested.Reason);
            }
            else
            {
                metrics.AuthFailure("ws_auth_timeout");
                SocketLog.AuthFailed(_logger, "timeout", ChatCloseCodes.AuthTimeout);
                await _sink.CloseAsync(ChatCloseCodes.AuthTimeout, "no auth message in time");
            }

            return null;
        }

        if (message is not WebSocketReceive received)
        {
            return null; // the client left
        }

        if (!ClientMessageReader.TryRead(received.Data, out var auth, out _) || auth.Type != ClientMessageType.Auth)
        {
            metrics.AuthFailure("ws_auth_missing");
            SocketLog.AuthFailed(_logger, "not_auth", ChatCloseCodes.Unauthorized);
            await _sink.CloseAsync(ChatCloseCodes.Unauthorized, "the first message must be {\"type\":\"auth\",\"token\":...}");
            return null;
        }

        var validation = await _services.Auth.ValidateAccessTokenAsync(auth.Token!);
        var user = validation.IsValid ? await _services.Store.Users.FindByIdAsync(validation.UserId) : null;
        if (user is null)
        {
            SocketLog.AuthFailed(_logger, "invalid_token", ChatCloseCodes.Unauthorized);
            await _sink.CloseAsync(ChatCloseCodes.Unauthorized, "invalid or expired access token");
            return null;
        }

        return (user, validation.ExpiresAt);
    }

    private async Task ReceiveLoopAsync(ChatConnection connection)
    {
        var closing = _sink.Closing;
        try
        {
            while (!closing.IsCancellationRequested)
            {
                if (await _socket.ReceiveAsync(closing) is not WebSocketReceive received)
                {
                    return; // the client closed
                }

                if (!received.IsText)
                {
                    await ReplyAsync(connection, new ProtocolError(ClientMessageReader.InvalidJson, "frames are JSON text, not binary", null), closing);
                }
                else if (!ClientMessageReader.TryRead(received.Data, out var message, out var error))
                {
                    await ReplyAsync(connection, error, closing);
                }
                else
                {
                    await DispatchAsync(connection, message, closing);
                }
            }
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
            // A close was requested; the caller sends it.
        }
    }

    private async Task DispatchAsync(ChatConnection connection, ClientMessage message, CancellationToken closing)
    {
        var hub = _services.Hub;
        switch (message.Type)
        {
            case ClientMessageType.Subscribe:
                if (!await hub.SubscribeAsync(connection, message.RoomId, message.SinceSeq, closing))
                {
                    await ReplyAsync(connection, new ProtocolError(Forbidden, "not a member of this room", message.Ref), closing);
                }

                break;
            case ClientMessageType.Send:
                await SendAsync(connection, message);
                break;
            case ClientMessageType.Typing:
                if (await hub.TypingAsync(connection, message.RoomId, closing) == TypingStatus.NotSubscribed)
                {
                    await ReplyAsync(connection, new ProtocolError(Forbidden, "subscribe to the room first", message.Ref), closing);
                }

                break;
            case ClientMessageType.Read:
                if (!await _services.Store.Rooms.MarkReadAsync(message.RoomId, connection.UserId, message.Seq, closing))
                {
                    await ReplyAsync(connection, new ProtocolError(Forbidden, "not a member of this room", message.Ref), closing);
                }

                break;
            case ClientMessageType.Ping:
                await connection.EnqueueAsync(SessionFrames.Pong, closing);
                break;
            default:
                await ReplyAsync(connection, new ProtocolError(ClientMessageReader.UnknownType, "already authenticated", message.Ref), closing);
                break;
        }
    }

    private async Task SendAsync(ChatConnection connection, ClientMessage message)
    {
        bool admitted;
        lock (_sendLock)
        {
            admitted = !_stopping;
            if (admitted)
            {
                _sendsInFlight++;
            }
        }

        if (!admitted)
        {
            await ReplyAsync(connection, new ProtocolError(ShuttingDown, "the server is stopping; send again after reconnecting", message.Ref), CancellationToken.None);
            return;
        }

        try
        {
            // Not cancelled by a close request: a send that started is stored and acknowledged (graceful shutdown).
            var result = await _services.Hub.SendAsync(connection, message.RoomId, message.ClientId!, message.Text!, CancellationToken.None);
            var reply = result.Status switch
            {
                SendStatus.Stored or SendStatus.Duplicate => SessionFrames.Ack(result.Message!),
                SendStatus.RateLimited => SessionFrames.Error(new ProtocolError(RateLimited, result.Error ?? "too many sends", message.Ref)),
                SendStatus.Forbidden => SessionFrames.Error(new ProtocolError(Forbidden, result.Error ?? "not a member of this room", message.Ref)),
                _ => SessionFrames.Error(new ProtocolError(ClientMessageReader.InvalidField, result.Error ?? "invalid message", message.Ref)),
            };
            await connection.EnqueueAsync(reply, CancellationToken.None);
        }
        finally
        {
            lock (_sendLock)
            {
                if (--_sendsInFlight == 0 && _stopping)
                {
                    _sendsDone.TrySetResult();
                }
            }
        }
    }

    private static ValueTask ReplyAsync(ChatConnection connection, ProtocolError error, CancellationToken cancellationToken) =>
        connection.EnqueueAsync(SessionFrames.Error(error), cancellationToken);
}