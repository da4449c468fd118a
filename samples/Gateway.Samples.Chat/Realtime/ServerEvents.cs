using System.Buffers;
using System.Text.Json;

using Gateway.Samples.Chat.Presence;
using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// The server-to-client frames the hub fans out, serialised once per event and shared by every receiver. Field
/// names are the protocol's (<c>room_id</c>, <c>sent_at</c>, …); a message has the same fields as in history.
/// </summary>
internal static class ServerEvents
{
    /// <summary><c>{"type":"message", id, room_id, seq, sender, text, sent_at, client_id}</c>.</summary>
    public static byte[] Message(ChatMessage message) => Write(writer =>
    {
        ArgumentNullException.ThrowIfNull(message);
        writer.WriteString("type", "message");
        WriteMessageFields(writer, message);
    });

    /// <summary>The fields of a message as in history and in <see cref="Message"/>, for the HTTP layer to reuse.</summary>
    public static void WriteMessageFields(Utf8JsonWriter writer, ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        writer.WriteNumber("id", message.Id);
        writer.WriteNumber("room_id", message.RoomId);
        writer.WriteNumber("seq", message.Seq);
        writer.WriteString("sender", message.Sender);
        writer.WriteString("text", message.Text);
        writer.WriteString("sent_at", message.SentAt);
        writer.WriteString("client_id", message.ClientId);
    }

    /// <summary><c>{"type":"subscribed", room_id, last_seq}</c>: the replay is complete, live messages follow.</summary>
    public static byte[] Subscribed(long roomId, long lastSeq) => Write(writer =>
    {
        writer.WriteString("type", "subscribed");
        writer.WriteNumber("room_id", roomId);
        writer.WriteNumber("last_seq", lastSeq);
    });

    /// <summary><c>{"type":"typing", room_id, user}</c>.</summary>
    public static byte[] Typing(TypingNotice notice) => Write(writer =>
    {
        ArgumentNullException.ThrowIfNull(notice);
        writer.WriteString("type", "typing");
        writer.WriteNumber("room_id", notice.RoomId);
        writer.WriteString("user", notice.Username);
    });

    /// <summary><c>{"type":"presence", user, online, last_seen}</c>, with nulls where privacy hides them.</summary>
    public static byte[] Presence(string username, PresenceView view) => Write(writer =>
    {
        writer.WriteString("type", "presence");
        writer.WriteString("user", username);
        if (view.Online is { } online)
        {
            writer.WriteBoolean("online", online);
        }
        else
        {
            writer.WriteNull("online");
        }

        if (view.LastSeen is { } lastSeen)
        {
            writer.WriteString("last_seen", lastSeen);
        }
        else
        {
            writer.WriteNull("last_seen");
        }
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}