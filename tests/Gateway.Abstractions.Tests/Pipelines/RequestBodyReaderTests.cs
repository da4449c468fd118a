using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace Gateway.Abstractions.Tests;

public class RequestBodyReaderTests
{
    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    [Fact]
    public async Task Reads_a_multi_chunk_body_consuming_each_chunk_without_copying()
    {
        var body = new FakeBody(Ascii("hello "), Ascii("pipe"), Ascii("lines"));
        var reader = new RequestBodyReader(body.Receive);
        var received = new List<string>();

        while (true)
        {
            var result = await reader.ReadAsync();
            received.Add(Encoding.ASCII.GetString(result.Buffer.ToArray()));
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await reader.CompleteAsync();
        Assert.Equal(["hello ", "pipe", "lines"], received);
        Assert.Equal(3, body.Receives);
    }

    [Fact]
    public async Task Keeps_unconsumed_bytes_valid_after_the_server_reuses_its_buffer()
    {
        // A line parser that only consumes whole lines: the partial line must survive the next receive.
        var body = new FakeBody(Ascii("alpha\nbe"), Ascii("ta\ngam"), Ascii("ma\n"), Ascii("delta\n"));
        var reader = new RequestBodyReader(body.Receive);
        var lines = new List<string>();

        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            while (buffer.PositionOf((byte)'\n') is { } newline)
            {
                lines.Add(Encoding.ASCII.GetString(buffer.Slice(0, newline).ToArray()));
                buffer = buffer.Slice(buffer.GetPosition(1, newline));
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        Assert.Equal(["alpha", "beta", "gamma", "delta"], lines);
    }

    [Fact]
    public async Task Returns_unexamined_data_without_receiving_again()
    {
        var body = new FakeBody(Ascii("abcdef"), Ascii("gh"));
        var reader = new RequestBodyReader(body.Receive);

        var first = await reader.ReadAsync();
        reader.AdvanceTo(first.Buffer.GetPosition(2), first.Buffer.GetPosition(3));
        var second = await reader.ReadAsync();

        Assert.Equal("cdef", Encoding.ASCII.GetString(second.Buffer.ToArray()));
        Assert.Equal(1, body.Receives);
        Assert.True(reader.TryRead(out var again));
        Assert.Equal("cdef", Encoding.ASCII.GetString(again.Buffer.ToArray()));
    }

    [Fact]
    public async Task Skips_empty_chunks_that_announce_more_body()
    {
        var body = new FakeBody([], Ascii("x"), []);
        var reader = new RequestBodyReader(body.Receive);

        var result = await reader.ReadAsync();
        Assert.Equal("x", Encoding.ASCII.GetString(result.Buffer.ToArray()));
        reader.AdvanceTo(result.Buffer.End);
        var last = await reader.ReadAsync();

        Assert.True(last.IsCompleted);
        Assert.True(last.Buffer.IsEmpty);
    }

    [Fact]
    public async Task Deserializes_json_split_across_chunks_mid_token()
    {
        var json = Ascii("""{"name":"alice","tags":["a","b"],"age":30}""");
        var chunks = json.Chunk(5).ToArray();
        var reader = new RequestBodyReader(new FakeBody(chunks).Receive);

        var user = await JsonSerializer.DeserializeAsync<User>(reader, JsonSerializerOptions.Web);

        Assert.Equal("alice", user!.Name);
        Assert.Equal(["a", "b"], user.Tags);
        Assert.Equal(30, user.Age);
    }

    [Fact]
    public async Task A_client_that_leaves_mid_body_raises_ClientDisconnectedException()
    {
        var reader = new RequestBodyReader(new FakeBody(Ascii("partial")) { DisconnectAfterChunks = true }.Receive);
        var first = await reader.ReadAsync();
        reader.AdvanceTo(first.Buffer.End);

        await Assert.ThrowsAsync<ClientDisconnectedException>(async () => await reader.ReadAsync());
    }

    [Fact]
    public async Task Unexpected_messages_are_contract_violations()
    {
        var reader = new RequestBodyReader(_ => ValueTask.FromResult<Message>(new WebSocketReceive("x")));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(async () => await reader.ReadAsync());

        Assert.Contains("websocket.receive", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelPendingRead_ends_the_pending_read_as_canceled_and_reading_resumes()
    {
        var chunk = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = new RequestBodyReader(async cancellationToken => await chunk.Task.WaitAsync(cancellationToken));

        var pending = reader.ReadAsync();
        reader.CancelPendingRead();
        var canceled = await pending;
        Assert.True(canceled.IsCanceled);
        reader.AdvanceTo(canceled.Buffer.Start);

        var resumed = reader.ReadAsync();
        chunk.SetResult(new HttpRequest(Ascii("late"), moreBody: false));
        var result = await resumed;

        Assert.False(result.IsCanceled);
        Assert.True(result.IsCompleted);
        Assert.Equal("late", Encoding.ASCII.GetString(result.Buffer.ToArray()));
    }

    [Fact]
    public async Task A_caller_token_cancels_with_an_exception()
    {
        var reader = new RequestBodyReader(async cancellationToken =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return HttpRequest.Empty;
        });
        using var cancellation = new CancellationTokenSource();

        var pending = reader.ReadAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
    }

    [Fact]
    public async Task Using_a_completed_reader_is_an_error()
    {
        var reader = new RequestBodyReader(new FakeBody(Ascii("x")).Receive);
        await reader.CompleteAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await reader.ReadAsync());
    }

    [Fact]
    public async Task Create_uses_the_servers_native_pipe_only_for_its_own_receive()
    {
        Receive own = new FakeBody(Ascii("x")).Receive;
        Send ownSend = (_, _) => default;
        var pipes = new FakeNativePipes(own, ownSend);
        var scope = new Scope { Type = ScopeType.Http, Extensions = ScopeExtensions.Create(pipes) };
        Receive wrapped = cancellationToken => own(cancellationToken);

        Assert.Same(pipes.RequestPipe.Reader, RequestBodyReader.Create(scope, own));
        Assert.IsType<RequestBodyReader>(RequestBodyReader.Create(scope, wrapped));
        Assert.IsType<RequestBodyReader>(RequestBodyReader.Create(new Scope { Type = ScopeType.Http }, own));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Works_as_a_stream()
    {
        var reader = new RequestBodyReader(new FakeBody(Ascii("stream "), Ascii("copy")).Receive);
        using var copy = new MemoryStream();

        await reader.AsStream().CopyToAsync(copy);

        Assert.Equal("stream copy", Encoding.ASCII.GetString(copy.ToArray()));
    }

    private sealed record User(string Name, string[] Tags, int Age);
}