namespace Gateway.Samples.Chat.Presence;

/// <summary>
/// The privacy rule, as messengers apply it:
/// <list type="bullet">
/// <item>everyone sees their own presence;</item>
/// <item>a subject with <c>show_last_seen=false</c> is shown to others as online:null, last_seen:null;</item>
/// <item>a viewer with <c>show_last_seen=false</c> sees nobody else's presence either (reciprocity).</item>
/// </list>
/// </summary>
internal static class PresencePolicy
{
    /// <summary>What <paramref name="viewer"/> is shown about <paramref name="subject"/>.</summary>
    public static PresenceView Describe(PresenceViewer viewer, PresenceSubject subject)
    {
        if (viewer.UserId == subject.UserId)
        {
            return new PresenceView(subject.Online, subject.LastSeen);
        }

        return viewer.ShowLastSeen && subject.ShowLastSeen
            ? new PresenceView(subject.Online, subject.LastSeen)
            : PresenceView.Hidden;
    }
}