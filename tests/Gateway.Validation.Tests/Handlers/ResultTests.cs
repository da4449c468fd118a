using System.Net;
using System.Text;

using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Validation.Tests.Handlers;

public class ResultTests
{
    [Fact]
    public async Task Sync_task_and_value_task_results_are_json_with_web_names()
    {
        await using var client = Api.Client(r =>
        {
            r.MapGet("/sync", () => new UserView("a", 1));
            r.MapGet("/task", async () =>
            {
                await Task.Yield();
                return new UserView("b", 2);
            });
            r.MapGet("/valuetask", () => ValueTask.FromResult(new UserView("c", 3)));
        });

        foreach (var (path, name) in new[] { ("/sync", "a"), ("/task", "b"), ("/valuetask", "c") })
        {
            var response = await client.GetAsync(path).WaitAsync(Api.Timeout);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal($$"""{"name":"{{name}}","age":{{name[0] - 'a' + 1}},"kind":"user"}""", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Handlers_returning_nothing_answer_204()
    {
        var calls = 0;
        await using var client = Api.Client(r =>
        {
            r.MapPost("/void", () => { calls++; });
            r.MapPost("/task", async () => { await Task.Yield(); calls++; });
        });

        var first = await client.PostAsync("/void", null).WaitAsync(Api.Timeout);
        var second = await client.PostAsync("/task", null).WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(string.Empty, await second.Content.ReadAsStringAsync());
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Results_set_status_location_and_problems()
    {
        await using var client = Api.Client(r =>
        {
            r.MapPost("/users", (CreateUser user) => Results.Created($"/users/{user.Name}", user));
            r.MapDelete("/users/{name}", (string name) => Results.NoContent());
            r.MapGet("/teapot", () => Results.Problem(418, "Short and stout.", "I'm a teapot"));
            r.MapGet("/accepted", object () => Results.Accepted(null, new { queued = true }));
        });

        var created = await client.PostJsonAsync("/users", """{"name":"ann","age":3}""");
        var deleted = await client.DeleteAsync("/users/ann").WaitAsync(Api.Timeout);
        var teapot = await client.GetAsync("/teapot").WaitAsync(Api.Timeout);
        var accepted = await client.GetAsync("/accepted").WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/users/ann", created.Headers.Location?.OriginalString);
        Assert.Equal("ann", (await created.JsonAsync()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(418, (int)teapot.StatusCode);
        Assert.Equal("Short and stout.", (await teapot.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("""{"queued":true}""", await accepted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_returned_app_answers_the_request()
    {
        await using var client = Api.Client(r => r.MapGet("/raw", GatewayApp () => async (_, _, send) =>
        {
            await send(new HttpResponseStart(203, [new Header("content-type", "text/plain")]));
            await send(new HttpResponseBody(Encoding.UTF8.GetBytes("raw")));
        }));

        var response = await client.GetAsync("/raw").WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.NonAuthoritativeInformation, response.StatusCode);
        Assert.Equal("raw", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_source_generated_context_in_the_options_writes_the_response()
    {
        var options = new System.Text.Json.JsonSerializerOptions { TypeInfoResolver = SnakeCaseContext.Default, PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower };
        var router = new Router();
        router.MapHandler("/", ["GET"], () => new UserView("a", 1, "admin"), new HandlerOptions { JsonOptions = options });
        await using var client = new TestClient(router);

        Assert.Equal("""{"name":"a","age":1,"kind":"admin"}""", await client.GetStringAsync("/").WaitAsync(Api.Timeout));
    }

    [Fact]
    public async Task A_handler_can_return_its_own_validation_problem()
    {
        await using var client = Api.Client(r => r.MapGet("/check", (string name) =>
            name == "taken" ? Results.ValidationProblem([new ValidationError(["query", "name"], "value_error", "Value error, name is taken", name)]) : Results.Ok(name)));

        var error = await (await client.GetAsync("/check?name=taken").WaitAsync(Api.Timeout)).ErrorAsync();

        Assert.Equal("query.name", error.Loc());
        Assert.Equal("Value error, name is taken", error.Msg());
    }
}