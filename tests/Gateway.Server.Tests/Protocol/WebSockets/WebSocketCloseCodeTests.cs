using Gateway.Server.Protocol.WebSockets;

namespace Gateway.Server.Tests.Protocol.WebSockets;

public class WebSocketCloseCodeTests
{
    [Theory]
    [InlineData(1000, true)]
    [InlineData(1003, true)]
    [InlineData(1004, false)]
    [InlineData(1005, false)]
    [InlineData(1006, false)]
    [InlineData(1007, true)]
    [InlineData(1014, true)]
    [InlineData(1015, false)]
    [InlineData(1016, false)]
    [InlineData(2999, false)]
    [InlineData(3000, true)]
    [InlineData(4999, true)]
    [InlineData(5000, false)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    public void Codes_valid_on_the_wire(int code, bool valid)
    {
        Assert.Equal(valid, WebSocketCloseCode.IsValidOnWire(code));
    }

    [Fact]
    public void Local_conditions_have_codes_that_never_go_on_the_wire()
    {
        Assert.False(WebSocketCloseCode.IsValidOnWire(WebSocketCloseCode.NoStatusReceived));
        Assert.False(WebSocketCloseCode.IsValidOnWire(WebSocketCloseCode.AbnormalClosure));
        Assert.False(WebSocketCloseCode.IsValidOnWire(WebSocketCloseCode.TlsHandshakeFailure));
    }

    [Fact]
    public void A_protocol_exception_carries_its_close_code()
    {
        Assert.Equal(1009, new WebSocketProtocolException(1009, "too big").CloseCode);
        Assert.Equal(1002, new WebSocketProtocolException("bad").CloseCode);
        Assert.Equal(1002, new WebSocketProtocolException().CloseCode);
        Assert.Equal(1002, new WebSocketProtocolException("bad", new InvalidDataException()).CloseCode);
    }
}