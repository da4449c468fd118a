using System.Text;
using System.Text.Json;

using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Validation.Tests.OpenApi;

/// <summary>The served document tells the truth about each fault issue 12 listed: Created is 201 when declared, a
/// declared problem is there, a TextResponse is text not the response object's schema, and the JSON is readable.</summary>
public class OpenApiTruthTests
{
    private static async Task<(string Text, JsonElement Paths, JsonElement Schemas)> ServedAsync(Action<Router> map)
    {
        var router = new Router();
        map(router);
        router.MapOpenApi(new OpenApiOptions { Title = "Jörg's Läden", Version = "1" });
        await using var client = new TestClient(router);
        var bytes = await client.GetByteArrayAsync("/openapi.json").WaitAsync(Api.Timeout);
        var text = Encoding.UTF8.GetString(bytes);
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement.Clone();
        var schemas = root.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var found) ? found : JsonDocument.Parse("{}").RootElement.Clone();
        return (text, root.GetProperty("paths"), schemas);
    }

    [Fact]
    public async Task Results_created_declared_with_produces_is_a_201_with_the_schema_and_no_made_up_200()
    {
        var (_, paths, _) = await ServedAsync(r => r.MapPost("/items", (CreateUser item) => Results.Created("/items/1", item)).Produces<CreateUser>(201));

        var responses = paths.GetProperty("/items").GetProperty("post").GetProperty("responses");

        Assert.Equal("#/components/schemas/CreateUser", responses.GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.False(responses.TryGetProperty("200", out _));
        Assert.False(responses.TryGetProperty("default", out _));
    }

    [Fact]
    public async Task An_undeclared_response_is_default_and_never_a_200_of_the_response_object()
    {
        var (_, paths, schemas) = await ServedAsync(r => r.MapPost("/items", (CreateUser item) => Results.Created("/items/1", item)));

        var responses = paths.GetProperty("/items").GetProperty("post").GetProperty("responses");

        Assert.True(responses.TryGetProperty("default", out _));
        Assert.False(responses.TryGetProperty("200", out _));
        Assert.False(schemas.TryGetProperty("Response", out _));
    }

    [Fact]
    public async Task A_declared_problem_is_documented_as_problem_json()
    {
        var (_, paths, schemas) = await ServedAsync(r => r.MapGet("/items/{id:int}", (int id) => id == 1 ? Results.Ok(new UserView("a", 1)) : Results.NotFound())
            .Produces<UserView>(200).ProducesProblem(404));

        var responses = paths.GetProperty("/items/{id}").GetProperty("get").GetProperty("responses");

        var notFound = responses.GetProperty("404");
        Assert.Equal("Not Found", notFound.GetProperty("description").GetString());
        Assert.Equal("#/components/schemas/ProblemDetails", notFound.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(schemas.TryGetProperty("ProblemDetails", out _));
        Assert.True(responses.TryGetProperty("200", out _));
    }

    [Fact]
    public async Task A_returned_text_response_is_text_plain_not_a_json_schema_of_the_response_object()
    {
        var (_, paths, schemas) = await ServedAsync(r =>
        {
            r.MapGet("/greeting", () => new TextResponse("hi"));
            r.MapGet("/string", () => "hi");
        });

        foreach (var path in new[] { "/greeting", "/string" })
        {
            var ok = paths.GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200");
            var content = Assert.Single(ok.GetProperty("content").EnumerateObject());
            Assert.Equal("text/plain", content.Name);
            Assert.Equal("string", content.Value.GetProperty("schema").GetProperty("type").GetString());
        }

        Assert.False(schemas.TryGetProperty("TextResponse", out _));
    }

    [Fact]
    public async Task Declared_media_types_nothing_and_streams_are_documented_as_they_are_sent()
    {
        var (_, paths, _) = await ServedAsync(r =>
        {
            r.MapGet("/logo", () => Results.File("logo.png")).Produces(200, "image/png");
            r.MapDelete("/items/{id:int}", (int id) => { });
            r.MapGet("/users", () => Users());
        });

        var logo = paths.GetProperty("/logo").GetProperty("get").GetProperty("responses").GetProperty("200");
        var deleted = paths.GetProperty("/items/{id}").GetProperty("delete").GetProperty("responses");
        var users = paths.GetProperty("/users").GetProperty("get").GetProperty("responses").GetProperty("200");

        Assert.Equal("image/png", Assert.Single(logo.GetProperty("content").EnumerateObject()).Name);
        Assert.True(deleted.TryGetProperty("204", out var noContent));
        Assert.False(noContent.TryGetProperty("content", out _));
        Assert.Equal("array", users.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_served_document_writes_plus_and_non_ascii_unescaped()
    {
        var (text, _, _) = await ServedAsync(r => r.MapGet("/items/{id:int}", (int id) => Results.NotFound()).ProducesProblem(404, "Kein Eintrag für Jörg"));

        Assert.Contains("\"application/problem+json\"", text, StringComparison.Ordinal);
        Assert.Contains("Jörg's Läden", text, StringComparison.Ordinal);
        Assert.Contains("Kein Eintrag für Jörg", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\\u00F6", text, StringComparison.OrdinalIgnoreCase);
    }

    private static async IAsyncEnumerable<UserView> Users()
    {
        await Task.Yield();
        yield return new UserView("a", 1);
    }
}