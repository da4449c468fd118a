using Gateway.ServerKit;

namespace Gateway.Abstractions.Tests;

public class HttpSendValidatorTests
{
    private static readonly HttpResponseStart Start = new(200);
    private static readonly HttpResponseStart StartWithTrailers = new(200, trailers: true);
    private static readonly HttpResponseBody More = new("a"u8.ToArray(), moreBody: true);
    private static readonly HttpResponseBody Last = new("b"u8.ToArray());
    private static readonly HttpResponseTrailers Trailers = new(Headers.Empty);
    private static readonly HttpResponseEarlyHints Hints = new(Headers.Empty);
    private static readonly HttpResponseFile File = new(Path.GetFullPath("f"));
    private const HttpSendCapabilities All = HttpSendCapabilities.Trailers | HttpSendCapabilities.EarlyHints | HttpSendCapabilities.ResponseFile;

    private static HttpSendValidator After(HttpSendCapabilities capabilities, params Message[] messages)
    {
        var validator = new HttpSendValidator(capabilities);
        foreach (var message in messages)
        {
            validator.Advance(message);
        }

        return validator;
    }

    [Fact]
    public void A_plain_response_is_start_then_body_chunks_until_the_last()
    {
        var validator = new HttpSendValidator();
        Assert.Equal(HttpResponsePhase.NotStarted, validator.Phase);

        validator.Advance(Start);
        Assert.True(validator.HasStarted);
        validator.Advance(More);
        validator.Advance(More);
        Assert.Equal(HttpResponsePhase.SendingBody, validator.Phase);
        validator.Advance(Last);

        Assert.True(validator.IsComplete);
    }

    [Fact]
    public void Announced_trailers_follow_the_body()
    {
        var validator = After(All, Hints, Hints, StartWithTrailers, Last);
        Assert.Equal(HttpResponsePhase.SendingTrailers, validator.Phase);

        validator.Advance(new HttpResponseTrailers(Headers.Empty, moreTrailers: true));
        validator.Advance(Trailers);

        Assert.True(validator.IsComplete);
    }

    [Fact]
    public void A_file_completes_the_body()
    {
        Assert.True(After(All, Start, More, File).IsComplete);
        Assert.Equal(HttpResponsePhase.SendingTrailers, After(All, StartWithTrailers, File).Phase);
    }

    public static TheoryData<Message[], Message, string> Violations => new()
    {
        { [], More, "before 'http.response.start'" },
        { [], Trailers, "before 'http.response.start'" },
        { [], File, "before 'http.response.start'" },
        { [Start], Start, "twice" },
        { [Start], Hints, "while the response body is being sent" },
        { [Start], Trailers, "without announcing them" },
        { [StartWithTrailers], Trailers, "before the body is complete" },
        { [StartWithTrailers, Last], More, "announced trailers are expected" },
        { [Start, Last], More, "after the response is complete" },
        { [Start, Last], Start, "after the response is complete" },
        { [], new WebSocketSend("x"), "not a message an app can send in an http scope" },
        { [], LifespanStartupComplete.Instance, "not a message an app can send in an http scope" },
        { [], HttpDisconnect.Instance, "not a message an app can send in an http scope" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Messages_out_of_order_throw_and_leave_the_phase_unchanged(Message[] sent, Message next, string expected)
    {
        var validator = After(All, sent);
        var phase = validator.Phase;

        var exception = Assert.Throws<InvalidOperationException>(() => validator.Advance(next));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.Equal(phase, validator.Phase);
    }

    [Fact]
    public void Optional_messages_need_the_capability()
    {
        Assert.Contains("EarlyHints", Assert.Throws<InvalidOperationException>(() => After(HttpSendCapabilities.None, Hints)).Message);
        Assert.Contains("ResponseFile", Assert.Throws<InvalidOperationException>(() => After(HttpSendCapabilities.None, Start, File)).Message);
        Assert.Contains("IHttpResponseTrailersCapability", Assert.Throws<InvalidOperationException>(() => After(HttpSendCapabilities.None, StartWithTrailers)).Message);
    }

    [Fact]
    public void Reset_starts_a_new_response()
    {
        var validator = After(HttpSendCapabilities.None, Start, Last);

        validator.Reset(HttpSendCapabilities.EarlyHints);
        validator.Advance(Hints);

        Assert.Equal(HttpResponsePhase.NotStarted, validator.Phase);
    }
}