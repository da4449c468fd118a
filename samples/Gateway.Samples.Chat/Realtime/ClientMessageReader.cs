using System.Text.Json;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// Reads one client frame (UTF-8 JSON, already bounded to 64 KiB by the server) into a <see cref="ClientMessage"/>.
/// Sans-I/O: bytes in, a message or a <see cref="ProtocolError"/> out. Unknown extra fields are ignored (clients may be
/// newer); a missing or mistyped field of the message's type is an <c>invalid_field</c> error naming it.
/// </summary>
internal static class ClientMessageReader
{
    /// <summary>Error codes of the <c>error</c> frame.</summary>
    public const string InvalidJson = "invalid_json", UnknownType = "unknown_type", InvalidField = "invalid_field";

    private const int MaxDepth = 8;
    private const int MaxRefLength = 100;

    /// <summary>Parses <paramref name="utf8"/>; false with <paramref name="error"/> set when it is not a valid message.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> utf8, out ClientMessage message, out ProtocolError error)
    {
        message = default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException)
        {
            error = new ProtocolError(InvalidJson, "the frame is not valid JSON", null);
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = new ProtocolError(InvalidJson, "a frame is one JSON object", null);
                return false;
            }

            var reference = ReadRef(root);
            if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                error = new ProtocolError(InvalidField, "type: required string", reference);
                return false;
            }

            var failure = (string?)null;
            switch (typeElement.GetString())
            {
                case "auth":
                    message = new ClientMessage(ClientMessageType.Auth, reference, Token: String(root, "token", ref failure));
                    break;
                case "subscribe":
                    message = new ClientMessage(ClientMessageType.Subscribe, reference, RoomId: Id(root, "room_id", ref failure),
                        SinceSeq: Seq(root, "since_seq", required: false, ref failure));
                    break;
                case "send":
                    message = new ClientMessage(ClientMessageType.Send, reference, RoomId: Id(root, "room_id", ref failure),
                        ClientId: String(root, "client_id", ref failure), Text: String(root, "text", ref failure));
                    break;
                case "typing":
                    message = new ClientMessage(ClientMessageType.Typing, reference, RoomId: Id(root, "room_id", ref failure));
                    break;
                case "read":
                    message = new ClientMessage(ClientMessageType.Read, reference, RoomId: Id(root, "room_id", ref failure),
                        Seq: Seq(root, "seq", required: true, ref failure));
                    break;
                case "ping":
                    message = new ClientMessage(ClientMessageType.Ping, reference);
                    break;
                default:
                    error = new ProtocolError(UnknownType, "unknown type; expected auth, subscribe, send, typing, read or ping", reference);
                    return false;
            }

            error = failure is null ? default : new ProtocolError(InvalidField, failure, reference);
            return failure is null;
        }
    }

    // The client's correlation value: its "ref" if it set one, else the client_id of a send.
    private static string? ReadRef(JsonElement root)
    {
        foreach (var name in (ReadOnlySpan<string>)["ref", "client_id"])
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: <= MaxRefLength } text)
            {
                return text;
            }
        }

        return null;
    }

    private static string? String(JsonElement root, string name, ref string? failure)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        failure ??= $"{name}: required string";
        return null;
    }

    private static long Id(JsonElement root, string name, ref string? failure)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id) && id > 0)
        {
            return id;
        }

        failure ??= $"{name}: required positive integer";
        return 0;
    }

    private static long Seq(JsonElement root, string name, bool required, ref string? failure)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                failure ??= $"{name}: required integer >= 0";
            }

            return 0;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seq) && seq >= 0)
        {
            return seq;
        }

        failure ??= $"{name}: integer >= 0";
        return 0;
    }
}