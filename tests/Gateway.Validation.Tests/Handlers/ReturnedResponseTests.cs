using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

using Gateway.Routing;

namespace Gateway.Validation.Tests.Handlers;

/// <summary>What a handler returns is what the client gets: a Routing <see cref="Response"/> sent as is (never serialized
/// as JSON), a string as text, nothing as 204, a stream of values as a JSON array.</summary>
public sealed class ReturnedResponseTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"gateway-returned-{Guid.NewGuid():N}.png");

    public ReturnedResponseTests() => File.WriteAllBytes(_file, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task A_returned_bytes_response_is_sent_as_is()
    {
        await using var client = Api.Client(r => r.MapGet("/", () => new BytesResponse(new byte[] { 1, 2, 3 }, "application/x-thing", 202)));

        var response = await client.GetAsync("/").WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("application/x-thing", response.Content.Headers.ContentType?.ToString());
        Assert.Equal([1, 2, 3], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_returned_text_response_is_sent_as_is()
    {
        await using var client = Api.Client(r => r.MapGet("/", () => new TextResponse("<b>hi</b>", 201, "text/html; charset=utf-8")));

        var response = await client.GetAsync("/").WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("<b>hi</b>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_returned_file_response_sends_the_file()
    {
        await using var client = Api.Client(r =>
        {
            r.MapGet("/new", () => new FileResponse(_file));
            r.MapGet("/results", () => Results.File(_file));
        });

        foreach (var path in new[] { "/new", "/results" })
        {
            var response = await client.GetAsync(path).WaitAsync(Api.Timeout);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(await File.ReadAllBytesAsync(_file), await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task A_returned_redirect_response_redirects()
    {
        await using var client = Api.Client(r =>
        {
            r.MapGet("/new", () => new RedirectResponse("/elsewhere", 308));
            r.MapGet("/results", () => Results.Redirect("/there", permanent: true));
        });

        var made = await client.GetAsync("/new").WaitAsync(Api.Timeout);
        var factory = await client.GetAsync("/results").WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.PermanentRedirect, made.StatusCode);
        Assert.Equal("/elsewhere", made.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.MovedPermanently, factory.StatusCode);
        Assert.Equal("/there", factory.Headers.Location?.OriginalString);
        Assert.DoesNotContain("location", await made.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_returned_streaming_response_streams_its_chunks()
    {
        await using var client = Api.Client(r => r.MapGet("/", () => new StreamingResponse(Chunks("a", "b", "c"), "text/csv")));

        var response = await client.GetAsync("/").WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("abc", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_response_returned_through_a_task_or_an_object_is_sent_as_is_too()
    {
        await using var client = Api.Client(r =>
        {
            r.MapGet("/task", async () =>
            {
                await Task.Yield();
                return new TextResponse("later");
            });
            r.MapGet("/object", object () => new BytesResponse("raw"u8.ToArray(), "application/x-raw"));
            r.MapGet("/branches", (bool found) => found ? Results.Text("yes") : Results.NotFound());
        });

        var task = await client.GetAsync("/task").WaitAsync(Api.Timeout);
        var obj = await client.GetAsync("/object").WaitAsync(Api.Timeout);
        var found = await client.GetAsync("/branches?found=true").WaitAsync(Api.Timeout);
        var missing = await client.GetAsync("/branches?found=false").WaitAsync(Api.Timeout);

        Assert.Equal("text/plain; charset=utf-8", task.Content.Headers.ContentType?.ToString());
        Assert.Equal("later", await task.Content.ReadAsStringAsync());
        Assert.Equal("application/x-raw", obj.Content.Headers.ContentType?.ToString());
        Assert.Equal("raw", await obj.Content.ReadAsStringAsync());
        Assert.Equal("yes", await found.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_returned_string_is_plain_text_not_json()
    {
        await using var client = Api.Client(r =>
        {
            r.MapGet("/", () => "Hello");
            r.MapGet("/async", async () =>
            {
                await Task.Yield();
                return "Grüß \"dich\"";
            });
        });

        var response = await client.GetAsync("/").WaitAsync(Api.Timeout);
        var later = await client.GetAsync("/async").WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("Hello", await response.Content.ReadAsStringAsync());
        Assert.Equal(5, response.Content.Headers.ContentLength);
        Assert.Equal("text/plain; charset=utf-8", later.Content.Headers.ContentType?.ToString());
        Assert.Equal("Grüß \"dich\"", Encoding.UTF8.GetString(await later.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Void_task_and_value_task_handlers_answer_204_with_no_body()
    {
        await using var client = Api.Client(r =>
        {
            r.MapGet("/void", () => { });
            r.MapGet("/task", () => Task.CompletedTask);
            r.MapGet("/valuetask", () => ValueTask.CompletedTask);
        });

        foreach (var path in new[] { "/void", "/task", "/valuetask" })
        {
            var response = await client.GetAsync(path).WaitAsync(Api.Timeout);

            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            Assert.Null(response.Content.Headers.ContentType);
        }
    }

    [Fact]
    public async Task A_handler_that_answers_through_send_gets_no_extra_204()
    {
        await using var client = Api.Client(r =>
        {
            r.MapGet("/task", async (Send send) => await Answer(send, "task"));
            r.MapGet("/valuetask", async ValueTask (Send send) => await Answer(send, "valuetask"));
        });

        foreach (var name in new[] { "task", "valuetask" })
        {
            var response = await client.GetAsync("/" + name).WaitAsync(Api.Timeout);

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.ToString());
            Assert.Equal(name, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task An_async_enumerable_is_a_streamed_json_array_written_with_the_handlers_names()
    {
        await using var client = Api.Client(r =>
        {
            r.MapGet("/users", () => Users(3));
            r.MapGet("/none", () => Users(0));
        });

        var response = await client.GetAsync("/users").WaitAsync(Api.Timeout);
        var none = await client.GetAsync("/none").WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""[{"name":"u0","age":0,"kind":"user"},{"name":"u1","age":1,"kind":"user"},{"name":"u2","age":2,"kind":"user"}]""", await response.Content.ReadAsStringAsync());
        Assert.Equal("[]", await none.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stream_items_reach_the_client_before_the_stream_ends()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = Api.Client(r => r.MapGet("/", () => Gated(release.Task)));

        using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Api.Timeout);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        var received = new StringBuilder();
        while (!received.ToString().Contains('1', StringComparison.Ordinal))
        {
            var read = await body.ReadAsync(buffer).AsTask().WaitAsync(Api.Timeout);
            Assert.NotEqual(0, read);
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        Assert.DoesNotContain("2", received.ToString(), StringComparison.Ordinal);
        release.SetResult();
        using var reader = new StreamReader(body);
        received.Append(await reader.ReadToEndAsync().WaitAsync(Api.Timeout));
        Assert.Equal("[1,2]", received.ToString());
    }

    private static async Task Answer(Send send, string text)
    {
        await send(new HttpResponseStart(202, [new Header("content-type", "text/plain")]));
        await send(new HttpResponseBody(Encoding.UTF8.GetBytes(text)));
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(params string[] parts)
    {
        foreach (var part in parts)
        {
            await Task.Yield();
            yield return Encoding.UTF8.GetBytes(part);
        }
    }

    private static async IAsyncEnumerable<UserView> Users(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return new UserView("u" + i, i);
        }
    }

    private static async IAsyncEnumerable<int> Gated(Task release, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return 1;
        await release.WaitAsync(cancellationToken);
        yield return 2;
    }
}