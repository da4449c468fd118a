namespace Gateway.Abstractions.Tests;

public class MessageTests
{
    public static TheoryData<Message, MessageType, string> AllMessages => new()
    {
        { new HttpRequest("x"u8.ToArray(), moreBody: true), MessageType.HttpRequest, "http.request" },
        { HttpDisconnect.Instance, MessageType.HttpDisconnect, "http.disconnect" },
        { new HttpResponseStart(200), MessageType.HttpResponseStart, "http.response.start" },
        { new HttpResponseBody("x"u8.ToArray()), MessageType.HttpResponseBody, "http.response.body" },
        { new HttpResponseTrailers(Headers.Empty), MessageType.HttpResponseTrailers, "http.response.trailers" },
        { new HttpResponseEarlyHints(Headers.Empty), MessageType.HttpResponseEarlyHints, "http.response.early_hints" },
        { new HttpResponseFile(Path.GetFullPath("file.txt")), MessageType.HttpResponseFile, "http.response.pathsend" },
        { WebSocketConnect.Instance, MessageType.WebSocketConnect, "websocket.connect" },
        { new WebSocketAccept("chat"), MessageType.WebSocketAccept, "websocket.accept" },
        { new WebSocketReceive("hi"), MessageType.WebSocketReceive, "websocket.receive" },
        { new WebSocketSend("hi"), MessageType.WebSocketSend, "websocket.send" },
        { new WebSocketDisconnect(1005), MessageType.WebSocketDisconnect, "websocket.disconnect" },
        { new WebSocketClose(4000, "bye"), MessageType.WebSocketClose, "websocket.close" },
        { new WebSocketHttpResponseStart(401), MessageType.WebSocketHttpResponseStart, "websocket.http.response.start" },
        { new WebSocketHttpResponseBody("no"u8.ToArray()), MessageType.WebSocketHttpResponseBody, "websocket.http.response.body" },
        { LifespanStartup.Instance, MessageType.LifespanStartup, "lifespan.startup" },
        { LifespanStartupComplete.Instance, MessageType.LifespanStartupComplete, "lifespan.startup.complete" },
        { new LifespanStartupFailed("db down"), MessageType.LifespanStartupFailed, "lifespan.startup.failed" },
        { LifespanShutdown.Instance, MessageType.LifespanShutdown, "lifespan.shutdown" },
        { LifespanShutdownComplete.Instance, MessageType.LifespanShutdownComplete, "lifespan.shutdown.complete" },
        { new LifespanShutdownFailed("stuck"), MessageType.LifespanShutdownFailed, "lifespan.shutdown.failed" },
    };

    [Theory]
    [MemberData(nameof(AllMessages))]
    public void Every_message_reports_its_type_and_asgi_name(Message message, MessageType type, string name)
    {
        Assert.Equal(type, message.Type);
        Assert.Equal(name, message.Name);
        Assert.Equal(name, message.ToString());
    }

    [Fact]
    public void There_is_a_message_class_for_every_message_type()
    {
        var covered = AllMessages.Select(row => (MessageType)row[1]).ToHashSet();

        Assert.Equal(Enum.GetValues<MessageType>().ToHashSet(), covered);
    }

    [Fact]
    public void Field_less_messages_are_singletons_and_no_message_can_be_subclassed_outside_the_contract()
    {
        Assert.Same(HttpDisconnect.Instance, HttpDisconnect.Instance);
        Assert.Same(WebSocketConnect.Instance, WebSocketConnect.Instance);
        Assert.All(
            typeof(Message).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Message))),
            t => Assert.True(t.IsSealed, $"{t.Name} must be sealed"));
        Assert.DoesNotContain(typeof(Message).GetConstructors(), c => c.IsPublic || c.IsFamily);
    }

    [Fact]
    public void Http_messages_carry_their_fields_and_defaults()
    {
        var headers = new HeadersBuilder().Add("content-type", "text/plain").Build();
        var start = new HttpResponseStart(404, headers, trailers: true);
        var body = new HttpResponseBody("abc"u8.ToArray(), moreBody: true);
        var file = new HttpResponseFile(Path.GetFullPath("x.bin"), offset: 10, length: 5);

        Assert.Equal((404, true), (start.Status, start.Trailers));
        Assert.Same(headers, start.Headers);
        Assert.Same(Headers.Empty, new HttpResponseStart(200).Headers);
        Assert.Equal("abc", System.Text.Encoding.ASCII.GetString(body.Body.Span));
        Assert.True(body.MoreBody);
        Assert.False(new HttpResponseBody(default).MoreBody);
        Assert.True(HttpRequest.Empty.Body.IsEmpty);
        Assert.False(HttpRequest.Empty.MoreBody);
        Assert.False(HttpResponseBody.Empty.MoreBody);
        Assert.Equal((10L, (long?)5), (file.Offset, file.Length));
        Assert.True(new HttpResponseTrailers(headers, moreTrailers: true).MoreTrailers);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(199)]
    [InlineData(600)]
    [InlineData(0)]
    public void Response_starts_reject_statuses_that_are_not_final(int status)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpResponseStart(status));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketHttpResponseStart(status));
    }

    [Fact]
    public void File_messages_require_an_absolute_path_and_a_valid_range()
    {
        Assert.Throws<ArgumentException>(() => new HttpResponseFile("relative/file.txt"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpResponseFile(Path.GetFullPath("f"), offset: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpResponseFile(Path.GetFullPath("f"), length: -1));
    }

    [Fact]
    public void Text_messages_convert_between_string_and_utf8_once()
    {
        var fromString = new WebSocketSend("héllo");
        var fromBytes = WebSocketSend.FromUtf8Text("héllo"u8.ToArray());
        var binary = new WebSocketSend(new byte[] { 1, 2, 3 });

        Assert.True(fromString.IsText);
        Assert.Equal("héllo"u8.ToArray(), fromString.Data.ToArray());
        Assert.True(fromString.Data.Equals(fromString.Data), "the encoding is cached");
        Assert.Equal("héllo", fromBytes.Text);
        Assert.Same(fromBytes.Text, fromBytes.Text);
        Assert.False(binary.IsText);
        Assert.Null(binary.Text);
        Assert.Equal(new byte[] { 1, 2, 3 }, binary.Data.ToArray());
    }

    [Fact]
    public void Receive_messages_hold_text_or_bytes()
    {
        var text = WebSocketReceive.FromUtf8Text("ok"u8.ToArray());
        var binary = new WebSocketReceive(new byte[] { 0xFF });

        Assert.True(text.IsText);
        Assert.Equal("ok", text.Text);
        Assert.Equal("ok", new WebSocketReceive("ok").Text);
        Assert.False(binary.IsText);
        Assert.Null(binary.Text);
        Assert.Equal(0xFF, binary.Data.Span[0]);
    }

    [Fact]
    public void Text_sends_reject_invalid_utf8()
    {
        Assert.Throws<ArgumentException>(() => WebSocketSend.FromUtf8Text(new byte[] { 0xC3, 0x28 }));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1003)]
    [InlineData(1007)]
    [InlineData(1014)]
    [InlineData(3000)]
    [InlineData(4999)]
    public void Close_accepts_codes_an_endpoint_may_send(int code)
    {
        Assert.Equal(code, new WebSocketClose(code).Code);
    }

    [Theory]
    [InlineData(999)]
    [InlineData(1004)]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(2000)]
    [InlineData(5000)]
    public void Close_rejects_reserved_and_out_of_range_codes(int code)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketClose(code));
    }

    [Fact]
    public void Close_reasons_are_limited_to_123_utf8_bytes()
    {
        Assert.Equal(123, new WebSocketClose(1000, new string('a', 123)).Reason.Length);
        Assert.Throws<ArgumentException>(() => new WebSocketClose(1000, new string('a', 124)));
        Assert.Throws<ArgumentException>(() => new WebSocketClose(1000, new string('é', 62)));
        Assert.Equal(string.Empty, WebSocketClose.Normal.Reason);
        Assert.Equal(1000, WebSocketClose.Normal.Code);
    }

    [Fact]
    public void Disconnect_keeps_local_codes_and_defaults_the_reason()
    {
        var disconnect = new WebSocketDisconnect(1006);

        Assert.Equal(1006, disconnect.Code);
        Assert.Equal(string.Empty, disconnect.Reason);
        Assert.Equal("gone", new WebSocketDisconnect(1001, "gone").Reason);
    }

    [Fact]
    public void Accept_validates_the_subprotocol_token()
    {
        Assert.Null(WebSocketAccept.Default.Subprotocol);
        Assert.Equal("graphql-ws", new WebSocketAccept("graphql-ws").Subprotocol);
        Assert.Throws<ArgumentException>(() => new WebSocketAccept("two words"));
        Assert.Throws<ArgumentException>(() => new WebSocketAccept(string.Empty));
    }

    [Fact]
    public void Lifespan_failures_carry_the_apps_message()
    {
        Assert.Equal("db down", new LifespanStartupFailed("db down").Message);
        Assert.Equal("stuck", new LifespanShutdownFailed("stuck").Message);
    }
}