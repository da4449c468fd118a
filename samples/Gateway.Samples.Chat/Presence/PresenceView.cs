namespace Gateway.Samples.Chat.Presence;

/// <summary>What one user is shown about another: both null when privacy hides it (JSON <c>online:null, last_seen:null</c>).</summary>
internal readonly record struct PresenceView(bool? Online, DateTimeOffset? LastSeen)
{
    /// <summary>The view privacy gives.</summary>
    public static PresenceView Hidden => default;
}