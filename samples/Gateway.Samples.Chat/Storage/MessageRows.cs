using System.Data.Common;

namespace Gateway.Samples.Chat.Storage;

/// <summary>The one column list and reader for messages, so every query returns them alike.</summary>
internal static class MessageRows
{
    /// <summary>Columns of <c>messages m JOIN users u ON u.id = m.sender_id</c>, in the order <see cref="Read"/> expects.</summary>
    public const string Columns = "m.id, m.room_id, m.seq, m.sender_id, u.username, m.client_id, m.text, m.sent_at";

    /// <summary>Reads the message whose columns start at <paramref name="first"/>.</summary>
    public static ChatMessage Read(DbDataReader reader, int first = 0) => new(
        reader.GetInt64(first),
        reader.GetInt64(first + 1),
        reader.GetInt64(first + 2),
        reader.GetInt64(first + 3),
        reader.GetString(first + 4),
        reader.GetString(first + 5),
        reader.GetString(first + 6),
        Sql.FromUnixMs(reader.GetInt64(first + 7)));
}