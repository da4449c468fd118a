using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Unicode;

namespace Gateway.Testing;

/// <summary>Sending: fragments are joined into whole messages, checked as a server would, and queued for the app.</summary>
public sealed partial class TestWebSocket
{
    private ArrayBufferWriter<byte>? _fragments;
    private WebSocketMessageType _fragmentType;
    private int _sending;

    /// <summary>Sends a message, or a fragment of one: the app receives one <see cref="WebSocketReceive"/> per message,
    /// once its last fragment is sent. Waits while the app's queue is full.</summary>
    /// <param name="buffer">The bytes; copied before the task completes.</param>
    /// <param name="messageType">Text (UTF-8) or binary; the first fragment's type is the message's.</param>
    /// <param name="endOfMessage">Whether this is the message's last fragment.</param>
    /// <param name="cancellationToken">Cancels the wait, aborting the connection.</param>
    /// <returns>A task that completes when the message is queued for the app (or dropped, the app's side being over).</returns>
    /// <exception cref="WebSocketException">The connection is not open for sending.</exception>
    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    /// <summary>Sends a message, or a fragment of one: the app receives one <see cref="WebSocketReceive"/> per message,
    /// once its last fragment is sent. Waits while the app's queue is full.</summary>
    /// <param name="buffer">The bytes; copied before the task completes.</param>
    /// <param name="messageType">Text (UTF-8) or binary; the first fragment's type is the message's.</param>
    /// <param name="endOfMessage">Whether this is the message's last fragment.</param>
    /// <param name="cancellationToken">Cancels the wait, aborting the connection.</param>
    /// <returns>A task that completes when the message is queued for the app (or dropped, the app's side being over).</returns>
    /// <exception cref="WebSocketException">The connection is not open for sending.</exception>
    /// <exception cref="TimeoutException">The app did not make room in its queue within the timeout.</exception>
    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (messageType is not (WebSocketMessageType.Text or WebSocketMessageType.Binary))
        {
            throw new ArgumentException("Only text and binary messages can be sent; use CloseAsync or CloseOutputAsync to close.", nameof(messageType));
        }

        if (Interlocked.Exchange(ref _sending, 1) != 0)
        {
            throw new InvalidOperationException("There is already one outstanding 'SendAsync' call for this WebSocket instance: await it before sending again.");
        }

        try
        {
            lock (_gate)
            {
                ThrowIfInvalidState([WebSocketState.Open, WebSocketState.CloseReceived]);
            }

            if (AddFragment(buffer, messageType, endOfMessage) is { } message)
            {
                await WaitForAppAsync(
                    async token =>
                    {
                        await _session.SendToAppAsync(message, token).ConfigureAwait(false);
                        return true;
                    },
                    cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref _sending, 0);
        }
    }

    /// <summary>Sends a whole text message.</summary>
    /// <param name="text">The text, sent as UTF-8.</param>
    /// <param name="cancellationToken">Cancels the wait, aborting the connection.</param>
    /// <returns>A task that completes when the message is queued for the app.</returns>
    public ValueTask SendTextAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SendAsync(new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(text)), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }

    /// <summary>Sends a whole binary message.</summary>
    /// <param name="bytes">The payload; copied before the task completes.</param>
    /// <param name="cancellationToken">Cancels the wait, aborting the connection.</param>
    /// <returns>A task that completes when the message is queued for the app.</returns>
    public ValueTask SendBytesAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);

    /// <summary>Adds a fragment; returns the whole message once complete and valid. A message a server would reject
    /// fails the connection as that server would, and yields nothing.</summary>
    private WebSocketReceive? AddFragment(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage)
    {
        if (_fragments is null)
        {
            _fragments = new ArrayBufferWriter<byte>(Math.Max(buffer.Length, 256));
            _fragmentType = messageType;
        }

        if (_fragments.WrittenCount + (long)buffer.Length > _session.MaxMessageSize)
        {
            _fragments = null;
            const string TooBig = "The message is larger than the server accepts.";
            _session.End(new WebSocketDisconnect(1009, TooBig), new CloseFrame(1009, TooBig));
            return null;
        }

        _fragments.Write(buffer.Span);
        if (!endOfMessage)
        {
            return null;
        }

        // The joined message's buffer is handed to the app as is: a fresh one is started for the next message.
        var payload = _fragments.WrittenMemory;
        _fragments = null;
        if (_fragmentType == WebSocketMessageType.Binary)
        {
            return new WebSocketReceive(payload);
        }

        if (!Utf8.IsValid(payload.Span))
        {
            const string InvalidText = "A text message was not valid UTF-8.";
            _session.End(new WebSocketDisconnect(1007, InvalidText), new CloseFrame(1007, InvalidText));
            return null;
        }

        return WebSocketReceive.FromUtf8Text(payload);
    }
}