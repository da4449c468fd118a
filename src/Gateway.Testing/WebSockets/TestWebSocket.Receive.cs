using System.Net.WebSockets;

namespace Gateway.Testing;

/// <summary>Receiving: the app's messages, whole or in parts, then its close.</summary>
public sealed partial class TestWebSocket
{
    private WebSocketSend? _partial;
    private int _partialOffset;
    private int _receiving;

    /// <summary>Receives the app's next message, or as much of it as fits in <paramref name="buffer"/>
    /// (<see cref="WebSocketReceiveResult.EndOfMessage"/> on its last part), or the close from the app's side, with
    /// <see cref="WebSocketReceiveResult.CloseStatus"/> and its description.</summary>
    /// <param name="buffer">Where to copy the payload.</param>
    /// <param name="cancellationToken">Cancels the wait, aborting the connection.</param>
    /// <returns>What was received.</returns>
    /// <exception cref="WebSocketException">The connection is not open for receiving.</exception>
    /// <exception cref="TimeoutException">The app sent nothing within the timeout.</exception>
    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return result.MessageType == WebSocketMessageType.Close
            ? new WebSocketReceiveResult(0, WebSocketMessageType.Close, endOfMessage: true, CloseStatus, CloseStatusDescription)
            : new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
    }

    /// <summary>Receives the app's next message, or as much of it as fits in <paramref name="buffer"/>
    /// (<see cref="ValueWebSocketReceiveResult.EndOfMessage"/> on its last part), or the close from the app's side
    /// (then read <see cref="CloseStatus"/>).</summary>
    /// <param name="buffer">Where to copy the payload.</param>
    /// <param name="cancellationToken">Cancels the wait, aborting the connection.</param>
    /// <returns>What was received.</returns>
    /// <exception cref="WebSocketException">The connection is not open for receiving.</exception>
    /// <exception cref="TimeoutException">The app sent nothing within the timeout.</exception>
    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        EnterReceive();
        try
        {
            if (_partial is null)
            {
                var next = await ReceiveFromAppAsync(cancellationToken).ConfigureAwait(false);
                if (next is null)
                {
                    ReceiveClose();
                    ThrowAppFailure(onlyIfItClosed: true);
                    return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, endOfMessage: true);
                }

                _partial = next;
                _partialOffset = 0;
            }

            var data = _partial.Data.Span[_partialOffset..];
            var count = Math.Min(data.Length, buffer.Length);
            data[..count].CopyTo(buffer.Span);
            _partialOffset += count;
            var type = _partial.IsText ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
            var endOfMessage = count == data.Length;
            if (endOfMessage)
            {
                _partial = null;
            }

            return new ValueWebSocketReceiveResult(count, type, endOfMessage);
        }
        finally
        {
            Volatile.Write(ref _receiving, 0);
        }
    }

    /// <summary>
    /// Receives the app's next whole message: a <see cref="WebSocketSend"/> (text or binary), or, when the app's side
    /// closes, a <see cref="WebSocketClose"/> with its code and reason (a <see cref="WebSocketDisconnect"/> instead for
    /// the answer to a close the test sent with a code apps may not send, such as 1005 for none).
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait, aborting the connection.</param>
    /// <returns>The message; its payload is the test's own copy.</returns>
    /// <exception cref="InvalidOperationException">Part of a message was read with <see cref="ReceiveAsync(Memory{byte}, CancellationToken)"/>
    /// and the rest was not.</exception>
    /// <exception cref="WebSocketException">The connection is not open for receiving.</exception>
    /// <exception cref="TimeoutException">The app sent nothing within the timeout.</exception>
    public async Task<Message> ReceiveMessageAsync(CancellationToken cancellationToken = default)
    {
        EnterReceive();
        try
        {
            if (_partial is not null)
            {
                throw new InvalidOperationException("Part of a message was read with ReceiveAsync: read the rest of it before receiving whole messages.");
            }

            if (await ReceiveFromAppAsync(cancellationToken).ConfigureAwait(false) is { } message)
            {
                return message;
            }

            ReceiveClose();
            ThrowAppFailure(onlyIfItClosed: true);
            var close = _session.CloseToClient!.Value;
            return close.Code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999)
                ? new WebSocketClose(close.Code, close.Reason)
                : new WebSocketDisconnect(close.Code, close.Reason);
        }
        finally
        {
            Volatile.Write(ref _receiving, 0);
        }
    }

    /// <summary>Receives the app's next whole message, which must be text.</summary>
    /// <param name="cancellationToken">Cancels the wait, aborting the connection.</param>
    /// <returns>The text.</returns>
    /// <exception cref="WebSocketException">The app sent a binary message or closed (<see cref="WebSocketError.InvalidMessageType"/>),
    /// or the connection is not open for receiving.</exception>
    public async Task<string> ReceiveTextAsync(CancellationToken cancellationToken = default) =>
        await ReceiveMessageAsync(cancellationToken).ConfigureAwait(false) is WebSocketSend { IsText: true } text
            ? text.Text!
            : throw Unexpected("text");

    /// <summary>Receives the app's next whole message, which must be binary.</summary>
    /// <param name="cancellationToken">Cancels the wait, aborting the connection.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="WebSocketException">The app sent a text message or closed (<see cref="WebSocketError.InvalidMessageType"/>),
    /// or the connection is not open for receiving.</exception>
    public async Task<byte[]> ReceiveBytesAsync(CancellationToken cancellationToken = default) =>
        await ReceiveMessageAsync(cancellationToken).ConfigureAwait(false) is WebSocketSend { IsText: false } binary
            ? binary.Data.ToArray()
            : throw Unexpected("binary");

    private WebSocketException Unexpected(string expected)
    {
        var got = State is WebSocketState.CloseReceived or WebSocketState.Closed
            ? $"the app's side closed with {(int?)CloseStatus} '{CloseStatusDescription}'"
            : $"a {(expected == "text" ? "binary" : "text")} message arrived";
        return new WebSocketException(WebSocketError.InvalidMessageType, $"Expected a {expected} message, but {got}.");
    }

    private void EnterReceive()
    {
        if (Interlocked.Exchange(ref _receiving, 1) != 0)
        {
            throw new InvalidOperationException("There is already one outstanding 'ReceiveAsync' call for this WebSocket instance: await it before receiving again.");
        }

        try
        {
            lock (_gate)
            {
                ThrowIfInvalidState([WebSocketState.Open, WebSocketState.CloseSent]);
            }
        }
        catch
        {
            Volatile.Write(ref _receiving, 0);
            throw;
        }
    }

    private async ValueTask<WebSocketSend?> ReceiveFromAppAsync(CancellationToken cancellationToken)
    {
        var message = await WaitForAppAsync(_session.ReceiveFromAppAsync, cancellationToken).ConfigureAwait(false);
        if (message is not null && State == WebSocketState.Aborted)
        {
            throw new WebSocketException(WebSocketError.InvalidState, "The WebSocket was aborted while receiving.");
        }

        return message;
    }

    /// <summary>After the test sent its close: waits for the app's side to close, discarding data, as
    /// <see cref="ClientWebSocket.CloseAsync"/> does. If another receive is running, that one sees the close.</summary>
    private async Task WaitForCloseAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _receiving, 1) != 0)
        {
            await WaitForAppAsync(
                async token =>
                {
                    await _closeReceived.Task.WaitAsync(token).ConfigureAwait(false);
                    return true;
                },
                cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            _partial = null;
            while (await ReceiveFromAppAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
            }

            ReceiveClose();
        }
        finally
        {
            Volatile.Write(ref _receiving, 0);
        }
    }
}