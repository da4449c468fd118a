using System.Text;

using Gateway.Routing;
using Gateway.Validation.Tests.Support;

namespace Gateway.Validation.Tests.Parity;

/// <summary>
/// One black-box suite, three app styles, two hosts: a raw-contract app (a <see cref="GatewayApp"/> delegate using only
/// Responses and <see cref="Request"/>), a <see cref="Router"/> of apps, and a router of handlers must answer the same
/// status, content type, length and bytes where they overlap (404, 405, HEAD, 413, 415, 422), over a real socket
/// (Gateway.Server) and in process (TestClient) alike.
/// </summary>
public class ProblemParityTests
{
    private const int Limit = 24;

    private static readonly string[] Styles = ["raw", "router", "handler"];

    private static readonly ValidationError AgeError = new(
        ["body", "age"], "less_than_equal", "Input should be less than or equal to 150", 200, hasInput: true, new Dictionary<string, object?> { ["le"] = 150 });

    [Fact]
    public async Task A_404_is_the_same_problem_from_the_router_a_handler_and_a_raw_app()
    {
        var answers = await AnswersAsync(client => client.GetAsync("/missing"));

        Assert.Equal(new Wire(404, "application/problem+json", """{"type":"about:blank","title":"Not Found","status":404}""", null, 55), answers[0].Wire);
        AssertAllEqual(answers);
    }

    [Fact]
    public async Task A_405_is_the_same_problem_with_the_same_allow_header()
    {
        var answers = await AnswersAsync(client => client.DeleteAsync("/items"));

        Assert.Equal(405, answers[0].Wire.Status);
        Assert.Equal("application/problem+json", answers[0].Wire.ContentType);
        Assert.Equal("GET, HEAD", answers[0].Wire.Allow);
        Assert.Contains("\"title\":\"Method Not Allowed\"", answers[0].Wire.Body, StringComparison.Ordinal);
        AssertAllEqual(answers);
    }

    [Fact]
    public async Task Head_on_a_get_route_has_the_get_headers_and_no_body()
    {
        var gets = await AnswersAsync(client => client.GetAsync("/items"));
        var heads = await AnswersAsync(client => client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/items")));

        Assert.Equal(new Wire(200, "text/plain; charset=utf-8", "item", null, 4), gets[0].Wire);
        AssertAllEqual(gets);
        Assert.Equal(gets[0].Wire with { Body = string.Empty }, heads[0].Wire);
        AssertAllEqual(heads);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_the_same_413_problem()
    {
        var answers = await AnswersAsync(client => client.PostJsonAsync("/users", """{"name":"a long name","age":3}"""));

        Assert.Equal(413, answers[0].Wire.Status);
        Assert.Equal("application/problem+json", answers[0].Wire.ContentType);
        Assert.StartsWith("""{"type":"about:blank","title":"Content Too Large","status":413""", answers[0].Wire.Body, StringComparison.Ordinal);
        AssertAllEqual(answers);
    }

    [Fact]
    public async Task A_body_of_another_media_type_is_the_same_415_problem()
    {
        var answers = await AnswersAsync(client => client.PostAsync("/users", new StringContent("""{"a":1}""", Encoding.UTF8, "text/plain")));

        Assert.Equal(415, answers[0].Wire.Status);
        Assert.Equal("application/problem+json", answers[0].Wire.ContentType);
        Assert.StartsWith("""{"type":"about:blank","title":"Unsupported Media Type","status":415""", answers[0].Wire.Body, StringComparison.Ordinal);
        AssertAllEqual(answers);
    }

    [Fact]
    public async Task A_binders_422_and_results_validation_problem_are_the_same_problem()
    {
        var answers = await AnswersAsync(client => client.PostJsonAsync("/users", """{"name":"a","age":200}"""));

        Assert.Equal(422, answers[0].Wire.Status);
        Assert.Equal("application/problem+json", answers[0].Wire.ContentType);
        Assert.Equal(
            """{"type":"about:blank","title":"Unprocessable Content","status":422,"detail":"The request has 1 validation error.","errors":[{"loc":["body","age"],"type":"less_than_equal","msg":"Input should be less than or equal to 150","input":200,"ctx":{"le":150}}]}""",
            answers[0].Wire.Body);
        AssertAllEqual(answers);
    }

    private static void AssertAllEqual(List<(string Label, Wire Wire)> answers)
    {
        foreach (var (label, wire) in answers)
        {
            Assert.True(answers[0].Wire == wire, $"{label} answered {wire}, {answers[0].Label} answered {answers[0].Wire}");
        }
    }

    /// <summary>Sends the same request to each app style on each host.</summary>
    private static async Task<List<(string Label, Wire Wire)>> AnswersAsync(Func<HttpClient, Task<HttpResponseMessage>> request)
    {
        var answers = new List<(string, Wire)>();
        foreach (var kind in new[] { "server", "testclient" })
        {
            foreach (var style in Styles)
            {
                await using var host = await AppHost.StartAsync(kind, App(style));
                using var response = await request(host.Http).WaitAsync(Api.Timeout);
                answers.Add(($"{style} on {kind}", await Wire.ReadAsync(response)));
            }
        }

        return answers;
    }

    private static GatewayApp App(string style) => style switch
    {
        "raw" => RawApp,
        "router" => RouterApp(),
        _ => HandlerApp(),
    };

    /// <summary>The raw contract: no router, only Responses and a Request over scope and receive.</summary>
    private static async ValueTask RawApp(Scope scope, Receive receive, Send send)
    {
        if (scope.Type != ScopeType.Http)
        {
            return;
        }

        Response response;
        switch (scope.Path)
        {
            case "/items" when scope.Method is "GET" or "HEAD":
                response = new TextResponse("item");
                break;
            case "/items":
                response = new ProblemResponse(
                    new ProblemDetails(405) { Detail = $"The method {scope.Method} is not allowed here; use GET, HEAD." },
                    [new Header("allow", "GET, HEAD")]);
                break;
            case "/users":
                using (var request = new Request(scope, receive, null, new RouterOptions { MaxBodySize = Limit }))
                {
                    response = await ValidateAsync(request);
                }

                break;
            default:
                response = new ProblemResponse(new ProblemDetails(404));
                break;
        }

        await response.Invoke(scope, receive, send);
    }

    private static Router RouterApp()
    {
        var router = new Router(new RouterOptions { MaxBodySize = Limit });
        router.MapGet("/items", new TextResponse("item"));
        router.MapPost("/users", async (scope, receive, send) =>
        {
            using var request = new Request(scope, receive, router);
            await (await ValidateAsync(request)).Invoke(scope, receive, send);
        });
        return router;
    }

    private static Router HandlerApp()
    {
        var router = new Router(new RouterOptions { MaxBodySize = Limit });
        router.MapGet("/items", () => "item");
        router.MapGet("/missing", () => Results.NotFound());
        router.MapPost("/users", (CreateUser user) => Results.Created("/users/1", user));
        return router;
    }

    /// <summary>What a handler's binder does, by hand: read JSON through the request, answer its HttpException as a
    /// problem, check the age.</summary>
    private static async ValueTask<Response> ValidateAsync(Request request)
    {
        try
        {
            var user = await request.ReadJsonAsync<CreateUser>();
            return user!.Age > 150 ? Results.ValidationProblem([AgeError]) : Results.Created("/users/1", user);
        }
        catch (HttpException exception)
        {
            return new ProblemResponse(exception.ToProblem(), exception.Headers);
        }
    }
}