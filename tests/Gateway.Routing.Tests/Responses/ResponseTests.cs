using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Routing.Tests.Responses;

public record Item(string Name, int Count);

[JsonSerializable(typeof(Item))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
public partial class ItemContext : JsonSerializerContext;

public class ResponseTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Fact]
    public async Task Json_with_a_source_generated_context_and_with_options()
    {
        await using var generated = new TestClient(new JsonResponse<Item>(new Item("a", 1), ItemContext.Default.Item, 201, null));
        await using var reflected = new TestClient(new JsonResponse<Item>(new Item("b", 2), new JsonSerializerOptions(), 200, [new Header("x-extra", "1")]));

        using var first = await generated.GetAsync("/").WaitAsync(Timeout);
        using var second = await reflected.GetAsync("/").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"name":"a","count":1}""", await first.Content.ReadAsStringAsync());
        Assert.Equal("""{"Name":"b","Count":2}""", await second.Content.ReadAsStringAsync());
        Assert.Equal(["1"], second.Headers.GetValues("x-extra"));
    }

    [Fact]
    public async Task Text_bytes_and_redirect()
    {
        await using var text = new TestClient(new TextResponse("<b>hi</b>", 200, "text/html; charset=utf-8"));
        await using var bytes = new TestClient(new BytesResponse(new byte[] { 1, 2, 3 }));
        await using var empty = new TestClient(new BytesResponse(ReadOnlyMemory<byte>.Empty, null, 204));
        await using var redirect = new TestClient(new RedirectResponse("/elsewhere", 303));

        using var html = await text.GetAsync("/").WaitAsync(Timeout);
        var raw = await bytes.GetByteArrayAsync("/").WaitAsync(Timeout);
        using var noContent = await empty.GetAsync("/").WaitAsync(Timeout);
        using var seeOther = await redirect.GetAsync("/").WaitAsync(Timeout);

        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Equal([1, 2, 3], raw);
        Assert.Equal(HttpStatusCode.NoContent, noContent.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, seeOther.StatusCode);
        Assert.Equal("/elsewhere", seeOther.Headers.Location?.OriginalString);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RedirectResponse("/x", 200));
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < 3; i++)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return Encoding.UTF8.GetBytes($"chunk{i};");
        }
    }

    private static async IAsyncEnumerable<ServerSentEvent> Events()
    {
        await Task.Yield();
        yield return new ServerSentEvent("hello");
        yield return new ServerSentEvent("line1\nline2", "update", "7", TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Streaming_from_an_async_sequence_and_from_a_stream()
    {
        await using var sequence = new TestClient(new StreamingResponse(Chunks(), "text/plain"));
        await using var stream = new TestClient(StreamingResponse.FromStream(new MemoryStream(Encoding.UTF8.GetBytes("from a stream")), "text/plain", bufferSize: 4));

        Assert.Equal("chunk0;chunk1;chunk2;", await sequence.GetStringAsync("/").WaitAsync(Timeout));
        Assert.Equal("from a stream", await stream.GetStringAsync("/").WaitAsync(Timeout));
    }

    [Fact]
    public async Task Server_sent_events_are_formatted_and_not_cached()
    {
        await using var client = new TestClient(new ServerSentEventsResponse(Events()));

        using var response = await client.GetAsync("/").WaitAsync(Timeout);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal("data: hello\n\nevent: update\nid: 7\nretry: 3000\ndata: line1\ndata: line2\n\n", await response.Content.ReadAsStringAsync());
        Assert.Throws<ArgumentException>(() => ServerSentEventsResponse.Format(new ServerSentEvent("x", "bad\ntype")));
    }

    [Fact]
    public void Problem_details_write_standard_members_and_extensions()
    {
        var problem = new ProblemDetails(422)
        {
            Detail = "Invalid body.",
            Instance = "/users",
            Extensions = writer =>
            {
                writer.WriteStartArray("errors");
                writer.WriteStringValue("age");
                writer.WriteEndArray();
            },
        };

        var json = Encoding.UTF8.GetString(ProblemDetails.Serialize(problem));

        Assert.Equal("""{"type":"about:blank","title":"Unprocessable Content","status":422,"detail":"Invalid body.","instance":"/users","errors":["age"]}""", json);
    }
}