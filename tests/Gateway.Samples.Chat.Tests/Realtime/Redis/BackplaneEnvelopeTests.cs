using System.Text;

using Gateway.Samples.Chat.Realtime;
using Gateway.Samples.Chat.Realtime.Redis;
using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Tests.Realtime.Redis;

public sealed class BackplaneEnvelopeTests
{
    private static readonly DateTimeOffset s_at = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_123);

    [Fact]
    public void Every_kind_survives_the_round_trip()
    {
        BackplaneEnvelope[] envelopes =
        [
            new("i-1", Message: new ChatMessage(7, 3, 42, 5, "alice", "c-1", "héllo \"quoted\" 👋", s_at)),
            new("i-1", Typing: new TypingNotice(3, 5, "alice")),
            new("i-2", Presence: new PresenceNotice(5, "alice", false, s_at, ShowLastSeen: true)),
            new("i-2", Presence: new PresenceNotice(5, "alice", true, null, ShowLastSeen: false)),
            new("i-3", Probe: "n0nce"),
        ];

        foreach (var envelope in envelopes)
        {
            Assert.True(BackplaneEnvelope.TryRead(envelope.Write(), out var read));
            Assert.Equal(envelope, read);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"k":"m"}""")]
    [InlineData("""{"o":"i","k":"m","id":1}""")]
    [InlineData("""{"o":"i","k":"future","x":1}""")]
    [InlineData("""{"o":"i","k":"t","room":"three","uid":1,"u":"a"}""")]
    public void Anything_malformed_or_unknown_is_refused(string text)
    {
        Assert.False(BackplaneEnvelope.TryRead(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void An_oversized_envelope_is_refused_before_parsing()
    {
        Assert.False(BackplaneEnvelope.TryRead(new byte[BackplaneEnvelope.MaxBytes + 1], out _));
    }
}