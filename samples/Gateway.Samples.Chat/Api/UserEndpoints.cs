using Gateway.Routing;
using Gateway.Samples.Chat.Presence;
using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Api;

/// <summary><c>/api/me</c> and <c>/api/users/{username}</c>: the caller's settings and other users' presence.</summary>
internal static class UserEndpoints
{
    public static void Map(IRouteBuilder api, IChatStore store, PresenceTracker presence)
    {
        api.MapGet("/me", async ([FromState] ChatCaller caller, CancellationToken aborted) =>
            await store.Users.FindByIdAsync(caller.UserId, aborted) is { } user
                ? Results.Ok(new MeView(user.Id, user.Username, user.ShowLastSeen, user.LastSeen))
                : Results.Unauthorized("The account no longer exists."))
            .Produces<MeView>(200);

        api.MapPatch("/me", async ([FromState] ChatCaller caller, MeUpdate update, CancellationToken aborted) =>
        {
            await store.Users.SetShowLastSeenAsync(caller.UserId, update.ShowLastSeen!.Value, aborted);
            var user = await store.Users.FindByIdAsync(caller.UserId, aborted);
            return user is null ? Results.Unauthorized() : Results.Ok(new MeView(user.Id, user.Username, user.ShowLastSeen, user.LastSeen));
        }).Produces<MeView>(200);

        api.MapGet("/users/{username}", async (string username, [FromState] ChatCaller caller, CancellationToken aborted) =>
        {
            var viewer = await store.Users.FindByIdAsync(caller.UserId, aborted);
            var subject = await store.Users.FindByUsernameAsync(username, aborted);
            if (viewer is null || subject is null)
            {
                return Results.NotFound("No such user.");
            }

            var view = await presence.DescribeAsync(viewer, subject);
            return Results.Ok(new UserView(subject.Username, view.Online, view.LastSeen));
        }).Produces<UserView>(200).ProducesProblem(404);
    }
}