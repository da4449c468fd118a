using Gateway.Samples.Chat.Presence;

namespace Gateway.Samples.Chat.Tests.Presence;

public sealed class PresencePolicyTests
{
    private static readonly DateTimeOffset Seen = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Theory]
    // viewer shows, subject shows, subject online → what the viewer sees
    [InlineData(true, true, true, true, true)]
    [InlineData(true, true, false, false, true)]
    [InlineData(true, false, true, null, false)]   // subject hides
    [InlineData(true, false, false, null, false)]
    [InlineData(false, true, true, null, false)]   // reciprocity: the viewer hides, so sees nobody
    [InlineData(false, true, false, null, false)]
    [InlineData(false, false, true, null, false)]
    public void Others_see_presence_only_when_both_share_it(bool viewerShows, bool subjectShows, bool online, bool? expectedOnline, bool expectLastSeen)
    {
        var view = PresencePolicy.Describe(new PresenceViewer(1, viewerShows), new PresenceSubject(2, subjectShows, online, Seen));

        Assert.Equal(expectedOnline, view.Online);
        Assert.Equal(expectLastSeen ? Seen : null, view.LastSeen);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void Everyone_sees_their_own_presence(bool showLastSeen, bool online)
    {
        var view = PresencePolicy.Describe(new PresenceViewer(7, showLastSeen), new PresenceSubject(7, showLastSeen, online, Seen));

        Assert.Equal(new PresenceView(online, Seen), view);
    }

    [Fact]
    public void A_user_never_seen_has_no_last_seen_but_an_online_state()
    {
        var view = PresencePolicy.Describe(new PresenceViewer(1, true), new PresenceSubject(2, true, false, null));

        Assert.Equal(new PresenceView(false, null), view);
        Assert.NotEqual(PresenceView.Hidden, view);
    }
}