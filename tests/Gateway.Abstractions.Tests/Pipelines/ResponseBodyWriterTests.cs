using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Gateway.Abstractions.Tests;

public class ResponseBodyWriterTests
{
    [Fact]
    public async Task A_body_completed_without_flushing_is_one_final_message()
    {
        var send = new RecordingSend();
        var writer = new ResponseBodyWriter(send.Send);

        writer.Write("hello, "u8);
        writer.Write("world"u8);
        Assert.Equal(12, writer.UnflushedBytes);
        await writer.CompleteAsync();

        var chunk = Assert.Single(send.Chunks);
        Assert.Equal("hello, world", Encoding.ASCII.GetString(chunk.Body));
        Assert.False(chunk.MoreBody);
    }

    [Fact]
    public async Task Each_flush_sends_a_chunk_with_more_to_come()
    {
        var send = new RecordingSend();
        var writer = new ResponseBodyWriter(send.Send);

        writer.Write("a"u8);
        await writer.FlushAsync();
        await writer.FlushAsync();
        writer.Write("b"u8);
        await writer.FlushAsync();
        await writer.CompleteAsync();

        Assert.Equal([("a", true), ("b", true), ("", false)], send.Chunks.Select(c => (Encoding.ASCII.GetString(c.Body), c.MoreBody)));
    }

    [Fact]
    public async Task Large_writes_grow_the_buffer_and_arrive_intact()
    {
        var send = new RecordingSend();
        var writer = new ResponseBodyWriter(send.Send);
        var expected = new byte[300_000];
        new Random(7).NextBytes(expected);

        foreach (var piece in expected.Chunk(7_000))
        {
            var span = writer.GetSpan(piece.Length);
            piece.CopyTo(span);
            writer.Advance(piece.Length);
        }

        await writer.CompleteAsync();

        Assert.Equal(expected, send.Body);
    }

    [Fact]
    public async Task JsonSerializer_writes_straight_into_the_body()
    {
        var send = new RecordingSend();
        var writer = new ResponseBodyWriter(send.Send);

        await JsonSerializer.SerializeAsync(writer, new { message = "Hello, World!" });
        await writer.CompleteAsync();

        Assert.Equal("""{"message":"Hello, World!"}""", Encoding.UTF8.GetString(send.Body));
        Assert.False(send.Chunks[^1].MoreBody);
    }

    [Fact]
    public async Task Utf8JsonWriter_output_streams_as_one_message()
    {
        var send = new RecordingSend();
        var writer = new ResponseBodyWriter(send.Send);

        using (var json = new Utf8JsonWriter(writer))
        {
            json.WriteStartObject();
            json.WriteNumber("id", 1);
            json.WriteEndObject();
        }

        await writer.CompleteAsync();

        Assert.Equal("""{"id":1}""", Encoding.UTF8.GetString(Assert.Single(send.Chunks).Body));
    }

    [Fact]
    public async Task Completing_with_an_exception_sends_nothing_more()
    {
        var send = new RecordingSend();
        var writer = new ResponseBodyWriter(send.Send);
        writer.Write("partial"u8);

        await writer.CompleteAsync(new InvalidOperationException("serializer failed"));

        Assert.Empty(send.Chunks);
    }

    [Fact]
    public void Synchronous_Complete_still_delivers_the_body()
    {
        var send = new RecordingSend();
        var writer = new ResponseBodyWriter(send.Send);
        writer.Write("sync"u8);

        writer.Complete();

        Assert.Equal("sync", Encoding.ASCII.GetString(send.Body));
    }

    [Fact]
    public async Task A_disconnected_client_surfaces_from_flush()
    {
        var writer = new ResponseBodyWriter((_, _) => throw new ClientDisconnectedException());
        writer.Write("x"u8);

        await Assert.ThrowsAsync<ClientDisconnectedException>(async () => await writer.FlushAsync());
    }

    [Fact]
    public async Task CancelPendingFlush_ends_a_blocked_flush_as_canceled()
    {
        var writer = new ResponseBodyWriter(async (_, cancellationToken) => await Task.Delay(Timeout.Infinite, cancellationToken));
        writer.Write("x"u8);

        var flush = writer.FlushAsync();
        writer.CancelPendingFlush();
        var result = await flush;

        Assert.True(result.IsCanceled);
        Assert.Equal(1, writer.UnflushedBytes);
    }

    [Fact]
    public async Task Using_a_completed_writer_is_an_error_and_completing_twice_is_not()
    {
        var writer = new ResponseBodyWriter(new RecordingSend().Send);
        await writer.CompleteAsync();
        await writer.CompleteAsync();

        Assert.Throws<InvalidOperationException>(() => writer.GetSpan());
        Assert.Throws<InvalidOperationException>(() => writer.Advance(0));
    }

    [Fact]
    public void Advancing_past_the_memory_handed_out_is_rejected()
    {
        var writer = new ResponseBodyWriter(new RecordingSend().Send);
        var length = writer.GetSpan(10).Length;

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(length + 1));
    }

    [Fact]
    public void Create_uses_the_servers_native_pipe_only_for_its_own_send()
    {
        Receive ownReceive = _ => default;
        Send own = (_, _) => default;
        var pipes = new FakeNativePipes(ownReceive, own);
        var scope = new Scope { Type = ScopeType.Http, Extensions = ScopeExtensions.Create(pipes) };
        Send wrapped = (message, cancellationToken) => own(message, cancellationToken);

        Assert.Same(pipes.ResponsePipe.Writer, ResponseBodyWriter.Create(scope, own));
        Assert.IsType<ResponseBodyWriter>(ResponseBodyWriter.Create(scope, wrapped));
    }
}