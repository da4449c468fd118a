using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gateway.Routing.Tests.Responses;

/// <summary><see cref="Results"/> are factories of Routing <see cref="Response"/>s: each one is an app any router or
/// server runs, with the status, content type and body it says.</summary>
public class ResultsTests
{
    private static async Task<HttpResponseMessage> SendAsync(Response response, string method = "GET")
    {
        var router = new Router();
        router.MapMethods("/", [method], response);
        await using var client = new TestClient(router);
        using var message = new HttpRequestMessage(new HttpMethod(method), "/");
        var answer = await client.SendAsync(message).WaitAsync(Apps.Timeout);
        await answer.Content.LoadIntoBufferAsync();
        return answer;
    }

    [Fact]
    public void Every_factory_returns_a_routing_response()
    {
        Response[] responses =
        [
            Results.Ok(), Results.Ok(1), Results.Json(1), Results.Json(1, 202), Results.Created("/x", 1), Results.Accepted(null, 1),
            Results.NoContent(), Results.StatusCode(205), Results.Text("t"), Results.Bytes(new byte[1]), Results.File("f.txt"),
            Results.Redirect("/r"), Results.Stream(Chunks(), "text/plain"), Results.Stream(new MemoryStream(), "text/plain"),
            Results.ServerSentEvents(Events()), Results.Problem(400), Results.ValidationProblem([new ValidationError(["query", "q"], "missing", "Field required")]),
            Results.BadRequest(), Results.Unauthorized(), Results.Forbidden(), Results.NotFound(), Results.Conflict(),
        ];

        Assert.All(responses, Assert.NotNull);
        Assert.IsType<JsonResponse<int>>(Results.Ok(1));
        Assert.IsType<TextResponse>(Results.Text("t"));
        Assert.IsType<BytesResponse>(Results.Bytes(new byte[1]));
        Assert.IsType<FileResponse>(Results.File("f.txt"));
        Assert.IsType<RedirectResponse>(Results.Redirect("/r"));
        Assert.IsType<StreamingResponse>(Results.Stream(Chunks(), "text/plain"));
        Assert.IsType<ServerSentEventsResponse>(Results.ServerSentEvents(Events()));
        Assert.IsType<ProblemResponse>(Results.NotFound());
    }

    [Fact]
    public async Task Json_results_use_the_web_defaults_status_and_location()
    {
        var ok = await SendAsync(Results.Ok(new Thing("Jörg", 1)));
        var created = await SendAsync(Results.Created("/things/1", new Thing("a", 2)), "POST");
        var accepted = await SendAsync(Results.Accepted("/jobs/9", new Thing("b", 3)), "POST");
        var status = await SendAsync(Results.Json(new Thing("c", 4), 299));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("application/json", ok.Content.Headers.ContentType?.ToString());
        Assert.Equal("""{"name":"Jörg","count":1}""", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/things/1", created.Headers.Location?.OriginalString);
        Assert.Equal("""{"name":"a","count":2}""", await created.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("/jobs/9", accepted.Headers.Location?.OriginalString);
        Assert.Equal(299, (int)status.StatusCode);
    }

    [Fact]
    public async Task Json_with_metadata_uses_that_metadata()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseUpper, TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var typeInfo = (JsonTypeInfo<Thing>)options.GetTypeInfo(typeof(Thing));

        var response = await SendAsync(Results.Json(new Thing("x", 5), typeInfo, 203));

        Assert.Equal(203, (int)response.StatusCode);
        Assert.Equal("""{"NAME":"x","COUNT":5}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Empty_results_have_their_status_and_no_body()
    {
        foreach (var (result, status) in new[] { (Results.Ok(), 200), (Results.NoContent(), 204), (Results.StatusCode(202), 202) })
        {
            var response = await SendAsync(result);

            Assert.Equal(status, (int)response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Text_bytes_and_streams_are_sent_with_their_content_types()
    {
        var text = await SendAsync(Results.Text("<p>grüß</p>", "text/html; charset=utf-8", 201));
        var bytes = await SendAsync(Results.Bytes(new byte[] { 9, 8 }));
        var chunks = await SendAsync(Results.Stream(Chunks(), "text/csv"));
        var stream = await SendAsync(Results.Stream(new MemoryStream("streamed"u8.ToArray()), "application/x-s"));

        Assert.Equal(HttpStatusCode.Created, text.StatusCode);
        Assert.Equal("text/html; charset=utf-8", text.Content.Headers.ContentType?.ToString());
        Assert.Equal("<p>grüß</p>", Encoding.UTF8.GetString(await text.Content.ReadAsByteArrayAsync()));
        Assert.Equal("application/octet-stream", bytes.Content.Headers.ContentType?.ToString());
        Assert.Equal([9, 8], await bytes.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/csv", chunks.Content.Headers.ContentType?.ToString());
        Assert.Equal("a,b\n1,2\n", await chunks.Content.ReadAsStringAsync());
        Assert.Equal("streamed", await stream.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Redirects_pick_their_status_from_permanence_and_method_preservation()
    {
        foreach (var (permanent, preserve, status) in new[] { (false, false, 302), (true, false, 301), (false, true, 307), (true, true, 308) })
        {
            var response = await SendAsync(Results.Redirect("/to?x=1", permanent, preserve));

            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("/to?x=1", response.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task A_file_result_is_the_file_and_a_missing_one_a_404_problem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gateway-results-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, "file body");
        try
        {
            var found = await SendAsync(Results.File(path, downloadName: "notes.txt"));
            var missing = await SendAsync(Results.File(path + ".missing"));

            Assert.Equal("file body", await found.Content.ReadAsStringAsync());
            Assert.Equal("text/plain", found.Content.Headers.ContentType?.MediaType);
            Assert.Equal("notes.txt", found.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Server_sent_events_are_an_event_stream()
    {
        var response = await SendAsync(Results.ServerSentEvents(Events()));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("event: tick\n", text, StringComparison.Ordinal);
        Assert.Contains("data: one\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problems_are_about_blank_with_the_reason_phrase_as_title_as_the_routers_404()
    {
        var router = new Router();
        await using var client = new TestClient(router);
        var routerNotFound = await client.GetAsync("/nothing").WaitAsync(Apps.Timeout);

        var notFound = await SendAsync(Results.NotFound());
        var teapot = await SendAsync(Results.Problem(418, "Short.", "Teapot", "https://example.test/teapot"));
        var unauthorized = await SendAsync(Results.Unauthorized("No token."));
        var conflict = await SendAsync(Results.Conflict());

        Assert.Equal(await routerNotFound.Content.ReadAsStringAsync(), await notFound.Content.ReadAsStringAsync());
        Assert.Equal(routerNotFound.Content.Headers.ContentType?.ToString(), notFound.Content.Headers.ContentType?.ToString());
        Assert.Equal("""{"type":"https://example.test/teapot","title":"Teapot","status":418,"detail":"Short."}""", await teapot.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("Bearer", unauthorized.Headers.WwwAuthenticate.ToString());
        Assert.Equal("""{"type":"about:blank","title":"Unauthorized","status":401,"detail":"No token."}""", await unauthorized.Content.ReadAsStringAsync());
        Assert.Equal("""{"type":"about:blank","title":"Conflict","status":409}""", await conflict.Content.ReadAsStringAsync());
        Assert.Throws<ArgumentOutOfRangeException>(() => Results.Problem(302));
    }

    [Fact]
    public async Task A_validation_problem_is_the_422_with_fastapi_shaped_errors()
    {
        var response = await SendAsync(Results.ValidationProblem([new ValidationError(["query", "limit"], "greater_than", "Input should be greater than 0", 0, hasInput: true, new Dictionary<string, object?> { ["gt"] = 0 })]));

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            """{"type":"about:blank","title":"Unprocessable Content","status":422,"detail":"The request has 1 validation error.","errors":[{"loc":["query","limit"],"type":"greater_than","msg":"Input should be greater than 0","input":0,"ctx":{"gt":0}}]}""",
            await response.Content.ReadAsStringAsync());
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return "a,b\n"u8.ToArray();
        await Task.Delay(1, cancellationToken);
        yield return "1,2\n"u8.ToArray();
    }

    private static async IAsyncEnumerable<ServerSentEvent> Events()
    {
        await Task.Yield();
        yield return new ServerSentEvent("one", "tick");
    }

    public sealed record Thing(string Name, int Count);
}