namespace Gateway.Samples.Chat.Api;

/// <summary>The authenticated user of a request, as the bearer middleware stores it for handlers
/// (<c>[FromState] ChatCaller caller</c>).</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="Username">The user's name.</param>
internal sealed record ChatCaller(long UserId, string Username)
{
    /// <summary>The scope-state key (and handler parameter name) the caller is stored under.</summary>
    public const string StateKey = "caller";
}