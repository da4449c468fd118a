using System.Text.Json;

namespace Gateway.Validation;

/// <summary>
/// A WebSocket session for handlers, as Starlette's <c>WebSocket</c>: a handler parameter of this type on a WebSocket
/// route receives one. It wraps the scope's <see cref="Receive"/> and <see cref="Send"/>; like them, it is not
/// thread-safe (one receive and one send at a time) and lives as long as the handler runs.
/// </summary>
public sealed class WebSocketConnection
{
    private readonly Receive _receive;
    private readonly Send _send;
    private readonly JsonSerializerOptions _jsonOptions;
    private bool _connected;

    internal WebSocketConnection(Scope scope, Receive receive, Send send, JsonSerializerOptions jsonOptions)
    {
        Scope = scope;
        _receive = receive;
        _send = send;
        _jsonOptions = jsonOptions;
    }

    /// <summary>The connection's scope.</summary>
    public Scope Scope { get; }

    /// <summary>Waits for the client's handshake and accepts it.</summary>
    /// <param name="subprotocol">The subprotocol chosen among <see cref="Scope.Subprotocols"/>, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes once the acceptance was sent.</returns>
    /// <exception cref="ClientDisconnectedException">The client left before the handshake.</exception>
    public async ValueTask AcceptAsync(string? subprotocol = null, CancellationToken cancellationToken = default)
    {
        await ExpectConnectAsync(cancellationToken).ConfigureAwait(false);
        await _send(subprotocol is null ? WebSocketAccept.Default : new WebSocketAccept(subprotocol), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Receives the next message: a <see cref="WebSocketReceive"/> (text or bytes), or a
    /// <see cref="WebSocketDisconnect"/> once the client closed; <see langword="null"/> is never returned.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The message; its data is valid until the next receive.</returns>
    public async ValueTask<Message> ReceiveAsync(CancellationToken cancellationToken = default) =>
        await _receive(cancellationToken).ConfigureAwait(false);

    /// <summary>Receives the next text message, or <see langword="null"/> when the client disconnected.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The text (a binary message is decoded as UTF-8), or <see langword="null"/>.</returns>
    public async ValueTask<string?> ReceiveTextAsync(CancellationToken cancellationToken = default)
    {
        var message = await _receive(cancellationToken).ConfigureAwait(false);
        return message is WebSocketReceive received ? received.Text ?? System.Text.Encoding.UTF8.GetString(received.Data.Span) : null;
    }

    /// <summary>Sends a text message.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message was handed to the server.</returns>
    public ValueTask SendTextAsync(string text, CancellationToken cancellationToken = default) => _send(new WebSocketSend(text), cancellationToken);

    /// <summary>Sends a binary message.</summary>
    /// <param name="bytes">The bytes; they may be reused once the returned task completes.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message was handed to the server.</returns>
    public ValueTask SendBytesAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) => _send(new WebSocketSend(bytes), cancellationToken);

    /// <summary>Sends <paramref name="value"/> as a JSON text message, serialized with the handler's JSON options.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message was handed to the server.</returns>
    public ValueTask SendJsonAsync<T>(T value, CancellationToken cancellationToken = default) =>
        _send(WebSocketSend.FromUtf8Text(JsonSerializer.SerializeToUtf8Bytes(value, _jsonOptions)), cancellationToken);

    /// <summary>Closes the connection (or, before <see cref="AcceptAsync"/>, refuses it).</summary>
    /// <param name="code">The close code, 1000 by default.</param>
    /// <param name="reason">The reason, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the close was handed to the server.</returns>
    public async ValueTask CloseAsync(int code = 1000, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (!_connected)
        {
            await ExpectConnectAsync(cancellationToken).ConfigureAwait(false);
        }

        await _send(new WebSocketClose(code, reason), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask ExpectConnectAsync(CancellationToken cancellationToken)
    {
        if (_connected)
        {
            return;
        }

        var message = await _receive(cancellationToken).ConfigureAwait(false);
        _connected = true;
        if (message is not WebSocketConnect)
        {
            throw message is WebSocketDisconnect
                ? new ClientDisconnectedException("The client left before the WebSocket handshake.")
                : new InvalidOperationException($"Expected 'websocket.connect' but received '{message.Name}'.");
        }
    }
}