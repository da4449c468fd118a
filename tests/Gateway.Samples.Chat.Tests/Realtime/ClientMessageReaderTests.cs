using System.Text;

using Gateway.Samples.Chat.Realtime;

namespace Gateway.Samples.Chat.Tests.Realtime;

/// <summary>Bytes in, a message or an error out: the client frame reader without sockets.</summary>
public sealed class ClientMessageReaderTests
{
    [Fact]
    public void Reads_every_message_type_with_its_fields()
    {
        Assert.Equal(new ClientMessage(ClientMessageType.Auth, null, Token: "t"), Read("""{"type":"auth","token":"t"}"""));
        Assert.Equal(new ClientMessage(ClientMessageType.Subscribe, null, RoomId: 7, SinceSeq: 3), Read("""{"type":"subscribe","room_id":7,"since_seq":3}"""));
        Assert.Equal(new ClientMessage(ClientMessageType.Subscribe, null, RoomId: 7), Read("""{"type":"subscribe","room_id":7,"since_seq":null}"""));
        Assert.Equal(new ClientMessage(ClientMessageType.Send, "c", RoomId: 1, ClientId: "c", Text: "hi"), Read("""{"type":"send","room_id":1,"client_id":"c","text":"hi","extra":[1]}"""));
        Assert.Equal(new ClientMessage(ClientMessageType.Typing, "r", RoomId: 2), Read("""{"ref":"r","type":"typing","room_id":2}"""));
        Assert.Equal(new ClientMessage(ClientMessageType.Read, null, RoomId: 2, Seq: 0), Read("""{"type":"read","room_id":2,"seq":0}"""));
        Assert.Equal(new ClientMessage(ClientMessageType.Ping, null), Read("""{"type":"ping"}"""));
    }

    [Theory]
    [InlineData("", "invalid_json")]
    [InlineData("{", "invalid_json")]
    [InlineData("\"ping\"", "invalid_json")]
    [InlineData("""{"type":1}""", "invalid_field")]
    [InlineData("""{"type":"PING"}""", "unknown_type")]
    [InlineData("""{"type":"send","room_id":0,"client_id":"c","text":"t"}""", "invalid_field")]
    [InlineData("""{"type":"send","room_id":1.5,"client_id":"c","text":"t"}""", "invalid_field")]
    [InlineData("""{"type":"send","room_id":1,"client_id":5,"text":"t"}""", "invalid_field")]
    [InlineData("""{"type":"read","room_id":1,"seq":"3"}""", "invalid_field")]
    [InlineData("""{"type":"auth","token":null}""", "invalid_field")]
    [InlineData("""[[[[[[[[[[]]]]]]]]]]""", "invalid_json")]
    public void Rejects_with_the_error_code(string frame, string code)
    {
        Assert.False(ClientMessageReader.TryRead(Encoding.UTF8.GetBytes(frame), out _, out var error));
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Fact]
    public void An_error_names_the_field_and_keeps_the_ref()
    {
        Assert.False(ClientMessageReader.TryRead("""{"type":"send","room_id":1,"client_id":"abc"}"""u8.ToArray(), out _, out var error));
        Assert.Equal(new ProtocolError("invalid_field", "text: required string", "abc"), error);
    }

    private static ClientMessage Read(string frame)
    {
        Assert.True(ClientMessageReader.TryRead(Encoding.UTF8.GetBytes(frame), out var message, out var error), error.Message);
        return message;
    }
}