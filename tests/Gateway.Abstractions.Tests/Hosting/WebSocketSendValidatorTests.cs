using Gateway.ServerKit;

namespace Gateway.Abstractions.Tests;

public class WebSocketSendValidatorTests
{
    private static WebSocketSendValidator After(bool denial, params Message[] messages)
    {
        var validator = new WebSocketSendValidator(denial);
        foreach (var message in messages)
        {
            validator.Advance(message);
        }

        return validator;
    }

    [Fact]
    public void Accept_opens_and_close_ends_the_connection()
    {
        var validator = After(false, WebSocketAccept.Default, new WebSocketSend("a"), new WebSocketSend(new byte[] { 1 }));
        Assert.Equal(WebSocketPhase.Open, validator.Phase);

        validator.Advance(WebSocketClose.Normal);

        Assert.Equal(WebSocketPhase.Closed, validator.Phase);
    }

    [Fact]
    public void Close_before_accept_refuses_the_handshake()
    {
        Assert.Equal(WebSocketPhase.Closed, After(false, WebSocketClose.Normal).Phase);
    }

    [Fact]
    public void A_denial_response_is_a_start_then_body_chunks()
    {
        var validator = After(true, new WebSocketHttpResponseStart(401), new WebSocketHttpResponseBody("a"u8.ToArray(), moreBody: true));
        Assert.Equal(WebSocketPhase.SendingDenialBody, validator.Phase);

        validator.Advance(new WebSocketHttpResponseBody("b"u8.ToArray()));

        Assert.Equal(WebSocketPhase.Closed, validator.Phase);
    }

    public static TheoryData<bool, Message[], Message, string> Violations => new()
    {
        { false, [], new WebSocketSend("x"), "before the handshake is answered" },
        { false, [], new WebSocketHttpResponseStart(403), "does not offer IWebSocketDenialResponseCapability" },
        { true, [], new WebSocketHttpResponseBody(default), "before the handshake is answered" },
        { false, [WebSocketAccept.Default], WebSocketAccept.Default, "already been accepted" },
        { true, [WebSocketAccept.Default], new WebSocketHttpResponseStart(403), "already been accepted" },
        { true, [new WebSocketHttpResponseStart(403)], WebSocketAccept.Default, "denial response body" },
        { false, [WebSocketAccept.Default, WebSocketClose.Normal], new WebSocketSend("x"), "after the connection was closed" },
        { false, [WebSocketClose.Normal], WebSocketClose.Normal, "after the connection was closed" },
        { false, [], new HttpResponseStart(200), "not a message an app can send in a websocket scope" },
        { false, [WebSocketAccept.Default], new WebSocketReceive("x"), "not a message an app can send in a websocket scope" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Messages_out_of_order_throw_and_leave_the_phase_unchanged(bool denial, Message[] sent, Message next, string expected)
    {
        var validator = After(denial, sent);
        var phase = validator.Phase;

        var exception = Assert.Throws<InvalidOperationException>(() => validator.Advance(next));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.Equal(phase, validator.Phase);
    }
}