using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Gateway.Validation.Handlers;
using Gateway.Validation.Json;

namespace Gateway.Routing;

/// <summary>
/// A WebSocket session for handlers, as Starlette's and FastAPI's <c>WebSocket</c>: a handler parameter of this type on
/// a WebSocket route receives one. It wraps the scope's <see cref="Receive"/> and <see cref="Send"/>; like them, it is
/// not thread-safe (one receive and one send at a time, which may overlap each other) and lives as long as the
/// handler runs.
/// </summary>
/// <remarks>
/// <para>Receiving: <see cref="ReceiveTextAsync"/> and <see cref="ReceiveBytesAsync"/> return null once the client has
/// gone (see <see cref="CloseStatus"/>); the <c>…MessagesAsync</c> enumerations end there. A message of the other kind
/// (bytes where text was asked, or text where bytes were) closes the connection with 1003 (unsupported data) and throws
/// <see cref="InvalidDataException"/>.</para>
/// <para>JSON: <see cref="ReceiveJsonAsync{T}(CancellationToken)"/> reads a text (or UTF-8 binary) message with the handler's JSON options
/// and validates it with the same DataAnnotations rules as request bodies; a message that is not valid JSON, or not a
/// valid value of the type asked for, throws <see cref="WebSocketValidationException"/> listing every problem and leaves the
/// connection open. At the client's close it throws <see cref="ClientDisconnectedException"/>.</para>
/// </remarks>
public sealed class WebSocketConnection
{
    private readonly Receive _receive;
    private readonly Send _send;
    private readonly HandlerPlan _plan;
    private bool _connected;

    internal WebSocketConnection(Scope scope, Receive receive, Send send, HandlerPlan plan)
    {
        Scope = scope;
        _receive = receive;
        _send = send;
        _plan = plan;
    }

    /// <summary>The connection's scope.</summary>
    public Scope Scope { get; }

    /// <summary>The close code and reason the client sent (1006 when the connection was lost), once it has gone; null
    /// while it is connected.</summary>
    public (int Code, string? Reason)? CloseStatus { get; private set; }

    /// <summary>Waits for the client's handshake and accepts it.</summary>
    /// <param name="subprotocol">The subprotocol chosen among <see cref="Scope.Subprotocols"/>, or null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes once the acceptance was sent.</returns>
    /// <exception cref="ClientDisconnectedException">The client left before the handshake.</exception>
    public async ValueTask AcceptAsync(string? subprotocol = null, CancellationToken cancellationToken = default)
    {
        await ExpectConnectAsync(cancellationToken).ConfigureAwait(false);
        await _send(subprotocol is null ? WebSocketAccept.Default : new WebSocketAccept(subprotocol), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Receives the next message: a <see cref="WebSocketReceive"/> (text or bytes), or a
    /// <see cref="WebSocketDisconnect"/> once the client closed; null is never returned.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The message; its data is valid until the next receive.</returns>
    public async ValueTask<Message> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        var message = await _receive(cancellationToken).ConfigureAwait(false);
        if (message is WebSocketDisconnect disconnect)
        {
            CloseStatus = (disconnect.Code, disconnect.Reason);
        }

        return message;
    }

    /// <summary>Receives the next text message, or null when the client has gone.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The text, or null.</returns>
    /// <exception cref="InvalidDataException">The client sent a binary message (the connection is closed with 1003).</exception>
    public async ValueTask<string?> ReceiveTextAsync(CancellationToken cancellationToken = default)
    {
        switch (await ReceiveAsync(cancellationToken).ConfigureAwait(false))
        {
            case WebSocketReceive { Text: { } text }:
                return text;
            case WebSocketReceive:
                await RefuseAsync("Expected a text message.", cancellationToken).ConfigureAwait(false);
                throw new InvalidDataException("The client sent a binary message where a text message was expected.");
            default:
                return null;
        }
    }

    /// <summary>Receives the next binary message, or null when the client has gone.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A copy of the bytes, or null.</returns>
    /// <exception cref="InvalidDataException">The client sent a text message (the connection is closed with 1003).</exception>
    public async ValueTask<byte[]?> ReceiveBytesAsync(CancellationToken cancellationToken = default)
    {
        switch (await ReceiveAsync(cancellationToken).ConfigureAwait(false))
        {
            case WebSocketReceive { Text: null } received:
                return received.Data.ToArray();
            case WebSocketReceive:
                await RefuseAsync("Expected a binary message.", cancellationToken).ConfigureAwait(false);
                throw new InvalidDataException("The client sent a text message where a binary message was expected.");
            default:
                return null;
        }
    }

    /// <summary>The text messages until the client goes, as <c>await foreach (var text in ws.ReceiveTextMessagesAsync())</c>.</summary>
    /// <param name="cancellationToken">Cancels the wait for the next message.</param>
    /// <returns>The messages.</returns>
    /// <exception cref="InvalidDataException">The client sent a binary message (the connection is closed with 1003).</exception>
    public async IAsyncEnumerable<string> ReceiveTextMessagesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReceiveTextAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            yield return text;
        }
    }

    /// <summary>The binary messages until the client goes.</summary>
    /// <param name="cancellationToken">Cancels the wait for the next message.</param>
    /// <returns>The messages (copies).</returns>
    /// <exception cref="InvalidDataException">The client sent a text message (the connection is closed with 1003).</exception>
    public async IAsyncEnumerable<byte[]> ReceiveBytesMessagesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReceiveBytesAsync(cancellationToken).ConfigureAwait(false) is { } bytes)
        {
            yield return bytes;
        }
    }

    /// <summary>Receives the next message as a validated JSON <typeparamref name="T"/>, read with the handler's JSON
    /// options and checked with the DataAnnotations rules request bodies get.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The value.</returns>
    /// <exception cref="WebSocketValidationException">The message is not valid JSON or not a valid <typeparamref name="T"/>;
    /// the connection stays open.</exception>
    /// <exception cref="ClientDisconnectedException">The client has gone.</exception>
    public async ValueTask<T> ReceiveJsonAsync<T>(CancellationToken cancellationToken = default)
    {
        var message = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (message is not WebSocketReceive received)
        {
            throw new ClientDisconnectedException("The client closed the WebSocket connection.");
        }

        return await ReadJsonAsync<T>(received.Text is { } text ? Encoding.UTF8.GetBytes(text) : received.Data).ConfigureAwait(false);
    }

    /// <summary>The messages as validated JSON <typeparamref name="T"/>s until the client goes. An invalid message throws
    /// <see cref="WebSocketValidationException"/> from the enumeration (ending it); use
    /// <see cref="ReceiveJsonAsync{T}(CancellationToken)"/> in a loop to answer bad messages and go on.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="cancellationToken">Cancels the wait for the next message.</param>
    /// <returns>The messages.</returns>
    public async IAsyncEnumerable<T> ReceiveJsonMessagesAsync<T>([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var message = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (message is not WebSocketReceive received)
            {
                yield break;
            }

            yield return await ReadJsonAsync<T>(received.Text is { } text ? Encoding.UTF8.GetBytes(text) : received.Data).ConfigureAwait(false);
        }
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

    /// <summary>Sends <paramref name="value"/> as a JSON text message, serialized with the handler's JSON options (a
    /// source-generated context among them is used).</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message was handed to the server.</returns>
    public ValueTask SendJsonAsync<T>(T value, CancellationToken cancellationToken = default) =>
        SendJsonAsync(value, JsonWriting.TypeInfo<T>(_plan.JsonOptions), cancellationToken);

    /// <summary>Sends <paramref name="value"/> as a JSON text message serialized by <paramref name="typeInfo"/>.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">The metadata, such as <c>MyContext.Default.Message</c>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message was handed to the server.</returns>
    public ValueTask SendJsonAsync<T>(T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        JsonWriting.Serialize(buffer, value, typeInfo);
        return _send(WebSocketSend.FromUtf8Text(buffer.WrittenMemory), cancellationToken);
    }

    /// <summary>Closes the connection (or, before <see cref="AcceptAsync"/>, refuses it).</summary>
    /// <param name="code">The close code, 1000 by default.</param>
    /// <param name="reason">The reason, or null.</param>
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

    // The context is disposed after each message: it returns the pooled reading state and any service scope a validation
    // step (IValidatableObject) created.
    private async ValueTask<T> ReadJsonAsync<T>(ReadOnlyMemory<byte> utf8)
    {
        await using var context = new RequestContext(_plan, Scope, _receive, _send);
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            // A binary message read as JSON: System.Text.Json would only notice invalid UTF-8 while binding a string.
            throw new WebSocketValidationException([new ValidationError(["message"], "json_invalid", "JSON decode error", null, hasInput: false,
                new Dictionary<string, object?> { ["error"] = "Invalid UTF-8." })]);
        }

        if (!context.TryLoadJson(utf8, out var exception))
        {
            throw new WebSocketValidationException([new ValidationError(["message"], "json_invalid", "JSON decode error", null, hasInput: false,
                new Dictionary<string, object?> { ["error"] = exception.Message })]);
        }

        context.Begin("message");
        var model = (JsonModel<T>)ModelCatalog.For(_plan.JsonOptions).Resolve(typeof(T), "JSON model");
        if (!model.TryReadRoot(context, out var value) || context.HasErrors)
        {
            throw new WebSocketValidationException(context.Errors);
        }

        return value;
    }

    private async ValueTask RefuseAsync(string reason, CancellationToken cancellationToken)
    {
        CloseStatus = (1003, reason);
        await _send(new WebSocketClose(1003, reason), cancellationToken).ConfigureAwait(false);
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