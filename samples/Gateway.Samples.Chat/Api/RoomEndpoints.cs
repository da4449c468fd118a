using Gateway.Routing;
using Gateway.Samples.Chat.Realtime;
using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Api;

/// <summary><c>/api/rooms</c> and <c>/api/dm</c>: create, list, search, join and leave rooms, open direct
/// conversations, and read history (keyset pages on <c>seq</c>).</summary>
internal static class RoomEndpoints
{
    public static void Map(IRouteBuilder api, IChatStore store, ChatHub hub, TimeProvider time)
    {
        api.MapPost("/rooms", async (NewRoom body, [FromState] ChatCaller caller, CancellationToken aborted) =>
        {
            if (string.IsNullOrWhiteSpace(body.Name))
            {
                return Results.ValidationProblem([new ValidationError(["body", "name"], "string_too_short", "String should have at least 1 character", body.Name)]);
            }

            var room = await store.Rooms.CreatePublicAsync(body.Name, caller.UserId, time.GetUtcNow(), aborted);
            return Results.Created($"/api/rooms/{room.Id}", View(room));
        }).Produces<RoomView>(201);

        api.MapGet("/rooms", async ([FromState] ChatCaller caller, CancellationToken aborted) =>
        {
            var rooms = await store.Rooms.ListForUserAsync(caller.UserId, aborted);
            var items = new List<RoomListItem>(rooms.Count);
            foreach (var summary in rooms)
            {
                var room = summary.Room;
                items.Add(new RoomListItem(room.Id, room.Name, Kind(room), summary.MemberCount,
                    summary.LastMessage is { } last ? MessageView.From(last) : null, summary.UnreadCount, room.LastSeq));
            }

            return items;
        });

        api.MapGet("/rooms/public", async (string? query, CancellationToken aborted) =>
        {
            var rooms = await store.Rooms.SearchPublicAsync(query ?? string.Empty, 50, aborted);
            var views = new List<RoomView>(rooms.Count);
            foreach (var room in rooms)
            {
                views.Add(View(room));
            }

            return views;
        });

        api.MapPost("/rooms/{id:long}/join", async (long id, [FromState] ChatCaller caller, CancellationToken aborted) =>
            await store.Rooms.JoinAsync(id, caller.UserId, time.GetUtcNow(), aborted) switch
            {
                JoinRoomStatus.Joined or JoinRoomStatus.AlreadyMember => Results.NoContent(),
                JoinRoomStatus.NotJoinable => Results.Forbidden("Direct conversations cannot be joined."),
                _ => Results.NotFound("No such room."),
            }).Produces(204, null).ProducesProblem(403).ProducesProblem(404);

        api.MapPost("/rooms/{id:long}/leave", async (long id, [FromState] ChatCaller caller, CancellationToken aborted) =>
        {
            if (!await store.Rooms.LeaveAsync(id, caller.UserId, aborted))
            {
                return Results.NotFound("You are not a member of this room.");
            }

            hub.OnLeftRoom(caller.UserId, id);
            return Results.NoContent();
        }).Produces(204, null).ProducesProblem(404);

        api.MapPost("/dm/{username}", async (string username, [FromState] ChatCaller caller, CancellationToken aborted) =>
        {
            var other = await store.Users.FindByUsernameAsync(username, aborted);
            if (other is null)
            {
                return Results.NotFound("No such user.");
            }

            if (other.Id == caller.UserId)
            {
                return Results.BadRequest("A direct conversation needs another user.");
            }

            var names = string.CompareOrdinal(caller.Username, other.Username) < 0 ? $"{caller.Username}, {other.Username}" : $"{other.Username}, {caller.Username}";
            var room = await store.Rooms.GetOrCreateDirectAsync(caller.UserId, other.Id, names, time.GetUtcNow(), aborted);
            return Results.Ok(View(room));
        }).Produces<RoomView>(200).ProducesProblem(400).ProducesProblem(404);

        api.MapGet("/rooms/{id:long}/messages", async (long id, [FromState] ChatCaller caller, CancellationToken aborted, long? before = null, [System.ComponentModel.DataAnnotations.Range(1, 100)] int limit = 50) =>
        {
            if (!await store.Rooms.IsMemberAsync(id, caller.UserId, aborted))
            {
                return Results.Forbidden("You are not a member of this room.");
            }

            var page = await store.Messages.HistoryAsync(id, before, limit, aborted);
            var messages = new List<MessageView>(page.Messages.Count);
            foreach (var message in page.Messages)
            {
                messages.Add(MessageView.From(message));
            }

            return Results.Ok(new HistoryView(messages, page.HasMore));
        }).Produces<HistoryView>(200).ProducesProblem(403);
    }

    private static RoomView View(Room room) => new(room.Id, room.Name, Kind(room));

    private static string Kind(Room room) => room.Kind == RoomKind.Direct ? "direct" : "public";
}