using System.Buffers;
using System.Text.Json;

using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// The frames a session answers its own client with (<c>ready</c>, <c>ack</c>, <c>error</c>, <c>pong</c>); the
/// fan-out frames are <see cref="ServerEvents"/>. snake_case, written with <see cref="Utf8JsonWriter"/>.
/// </summary>
internal static class SessionFrames
{
    /// <summary>The pong frame (constant).</summary>
    public static readonly byte[] Pong = """{"type":"pong"}"""u8.ToArray();

    /// <summary><c>{"type":"ready","user":{id,username,show_last_seen},"rooms":[{room_id,last_seq}]}</c>.</summary>
    public static byte[] Ready(User user, IReadOnlyList<RoomSummary> rooms) => Write(writer =>
    {
        writer.WriteString("type", "ready");
        writer.WriteStartObject("user");
        writer.WriteNumber("id", user.Id);
        writer.WriteString("username", user.Username);
        writer.WriteBoolean("show_last_seen", user.ShowLastSeen);
        writer.WriteEndObject();
        writer.WriteStartArray("rooms");
        foreach (var summary in rooms)
        {
            writer.WriteStartObject();
            writer.WriteNumber("room_id", summary.Room.Id);
            writer.WriteNumber("last_seq", summary.Room.LastSeq);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    /// <summary><c>{"type":"ack","client_id","id","seq","sent_at"}</c> (also <c>room_id</c>) for a stored message.</summary>
    public static byte[] Ack(ChatMessage message) => Write(writer =>
    {
        writer.WriteString("type", "ack");
        writer.WriteString("client_id", message.ClientId);
        writer.WriteNumber("id", message.Id);
        writer.WriteNumber("room_id", message.RoomId);
        writer.WriteNumber("seq", message.Seq);
        writer.WriteString("sent_at", message.SentAt);
    });

    /// <summary><c>{"type":"error","code","message","ref"}</c>; the connection stays open.</summary>
    public static byte[] Error(ProtocolError error) => Write(writer =>
    {
        writer.WriteString("type", "error");
        writer.WriteString("code", error.Code);
        writer.WriteString("message", error.Message);
        if (error.Ref is null)
        {
            writer.WriteNull("ref");
        }
        else
        {
            writer.WriteString("ref", error.Ref);
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