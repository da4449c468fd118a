using System.Buffers;
using System.Text.Json;

using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Realtime.Redis;

/// <summary>
/// One notification on the Redis channel, as compact JSON with the publishing instance's id (<c>o</c>) so that an
/// instance can skip its own publications (it delivered them locally already) and recognise its own probes:
/// <code>
///   {"o":ID,"k":"m","id","room","seq","uid","u","c","t","at"}   a stored message (at: Unix ms)
///   {"o":ID,"k":"t","room","uid","u"}                           typing
///   {"o":ID,"k":"p","uid","u","on","ls","show"}                 presence (ls: Unix ms or null)
///   {"o":ID,"k":"probe","n"}                                    a round trip through Redis, proving the subscription is live
/// </code>
/// Sans-I/O: <see cref="Write"/> and <see cref="TryRead"/> only convert. Exactly one of the payload members is set.
/// </summary>
internal sealed record BackplaneEnvelope(string Origin, ChatMessage? Message = null, TypingNotice? Typing = null, PresenceNotice? Presence = null, string? Probe = null)
{
    /// <summary>The largest envelope accepted (a 4000-character text is at most 12 KB of UTF-8, plus the fields).</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The envelope as UTF-8 JSON.</summary>
    public byte[] Write()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("o", Origin);
            if (Message is { } message)
            {
                writer.WriteString("k", "m");
                writer.WriteNumber("id", message.Id);
                writer.WriteNumber("room", message.RoomId);
                writer.WriteNumber("seq", message.Seq);
                writer.WriteNumber("uid", message.SenderId);
                writer.WriteString("u", message.Sender);
                writer.WriteString("c", message.ClientId);
                writer.WriteString("t", message.Text);
                writer.WriteNumber("at", Sql.ToUnixMs(message.SentAt));
            }
            else if (Typing is { } typing)
            {
                writer.WriteString("k", "t");
                writer.WriteNumber("room", typing.RoomId);
                writer.WriteNumber("uid", typing.UserId);
                writer.WriteString("u", typing.Username);
            }
            else if (Presence is { } presence)
            {
                writer.WriteString("k", "p");
                writer.WriteNumber("uid", presence.UserId);
                writer.WriteString("u", presence.Username);
                writer.WriteBoolean("on", presence.Online);
                if (presence.LastSeen is { } lastSeen)
                {
                    writer.WriteNumber("ls", Sql.ToUnixMs(lastSeen));
                }
                else
                {
                    writer.WriteNull("ls");
                }

                writer.WriteBoolean("show", presence.ShowLastSeen);
            }
            else
            {
                writer.WriteString("k", "probe");
                writer.WriteString("n", Probe ?? string.Empty);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads an envelope; false for anything malformed, too large or of an unknown kind (a newer instance during a
    /// rolling upgrade): such a notification is skipped, and the database still has whatever it was about.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> utf8Json, out BackplaneEnvelope envelope)
    {
        envelope = null!;
        if (utf8Json.Length is 0 or > MaxBytes)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(utf8Json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("o", out var origin) || origin.GetString() is not { } from
                || !root.TryGetProperty("k", out var kind))
            {
                return false;
            }

            switch (kind.GetString())
            {
                case "m":
                    envelope = new BackplaneEnvelope(from, Message: new ChatMessage(
                        root.GetProperty("id").GetInt64(),
                        root.GetProperty("room").GetInt64(),
                        root.GetProperty("seq").GetInt64(),
                        root.GetProperty("uid").GetInt64(),
                        root.GetProperty("u").GetString()!,
                        root.GetProperty("c").GetString()!,
                        root.GetProperty("t").GetString()!,
                        Sql.FromUnixMs(root.GetProperty("at").GetInt64())));
                    return true;
                case "t":
                    envelope = new BackplaneEnvelope(from, Typing: new TypingNotice(
                        root.GetProperty("room").GetInt64(), root.GetProperty("uid").GetInt64(), root.GetProperty("u").GetString()!));
                    return true;
                case "p":
                    var lastSeen = root.GetProperty("ls");
                    envelope = new BackplaneEnvelope(from, Presence: new PresenceNotice(
                        root.GetProperty("uid").GetInt64(),
                        root.GetProperty("u").GetString()!,
                        root.GetProperty("on").GetBoolean(),
                        lastSeen.ValueKind == JsonValueKind.Null ? null : Sql.FromUnixMs(lastSeen.GetInt64()),
                        root.GetProperty("show").GetBoolean()));
                    return true;
                case "probe":
                    envelope = new BackplaneEnvelope(from, Probe: root.GetProperty("n").GetString() ?? string.Empty);
                    return true;
                default:
                    return false;
            }
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return false;
        }
    }
}