using System.ComponentModel.DataAnnotations;

using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Api;

// The JSON shapes of the user, room and history endpoints (snake_case on the wire).

/// <summary>A room to create.</summary>
/// <param name="Name">1 to 80 characters of any text.</param>
internal sealed record NewRoom([Required(AllowEmptyStrings = false), StringLength(80, MinimumLength = 1)] string Name);

/// <summary>A room.</summary>
internal sealed record RoomView(long Id, string Name, string Kind);

/// <summary>One of the caller's rooms with what a room list shows.</summary>
internal sealed record RoomListItem(long Id, string Name, string Kind, int MemberCount, MessageView? LastMessage, long UnreadCount, long LastSeq);

/// <summary>A stored message, as history and the WebSocket's <c>message</c> event carry it.</summary>
internal sealed record MessageView(long Id, long RoomId, long Seq, string Sender, string Text, DateTimeOffset SentAt, string ClientId)
{
    public static MessageView From(ChatMessage message) =>
        new(message.Id, message.RoomId, message.Seq, message.Sender, message.Text, message.SentAt, message.ClientId);
}

/// <summary>A page of history, newest first.</summary>
internal sealed record HistoryView(IReadOnlyList<MessageView> Messages, bool HasMore);

/// <summary>The caller.</summary>
internal sealed record MeView(long Id, string Username, bool ShowLastSeen, DateTimeOffset? LastSeen);

/// <summary>A change to the caller's settings.</summary>
internal sealed record MeUpdate([Required] bool? ShowLastSeen);

/// <summary>Another user as the caller may see them (nulls where privacy hides it).</summary>
internal sealed record UserView(string Username, bool? Online, DateTimeOffset? LastSeen);