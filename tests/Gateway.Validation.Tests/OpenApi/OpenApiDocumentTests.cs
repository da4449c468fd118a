using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.RegularExpressions;

using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Validation.Tests.OpenApi;

public partial class OpenApiDocumentTests
{
    private static Router CreateApi()
    {
        var router = new Router();
        router.MapPost("/users", (CreateUser user, IUserStore store) => Results.Created("/users/1", user)).WithName("create_user")
            .Produces<CreateUser>(201).ProducesProblem(409, "The name is taken");
        router.MapGet("/greeting", () => new TextResponse("Grüß Gott, Jörg"));
        router.MapGet("/undeclared", (int id) => id > 0 ? Results.Ok(id) : Results.NotFound());
        router.MapGet("/users/{id:int}", (int id, [Range(1, 100)] int limit = 10, string? q = null, [FromHeader] string? xTrace = null) => new UserView("a", id));
        router.MapPut("/orders/{orderId}", (string orderId, Order order) => order);
        router.MapPost("/login", ([FromForm] string user, [FromForm] string password) => user);
        router.MapDelete("/files/{*path}", (string path) => Results.NoContent());
        router.MapGet("/plain", (GatewayApp)((_, _, _) => ValueTask.CompletedTask));
        router.MapGroup("/v2").MapGet("/colors/{color}", (Color color) => color);
        router.MapOpenApi(new OpenApiOptions { Title = "Users", Version = "1.2.3" });
        return router;
    }

    private static JsonElement Document()
    {
        using var document = JsonDocument.Parse(CreateApi().GenerateOpenApiDocument(new OpenApiOptions { Title = "Users", Version = "1.2.3" }));
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task The_document_is_served_at_openapi_json_and_lists_every_route_but_its_own()
    {
        await using var client = new TestClient(CreateApi());

        var response = await client.GetAsync("/openapi.json").WaitAsync(Api.Timeout);
        var document = await response.JsonAsync();

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("3.1.0", document.GetProperty("openapi").GetString());
        Assert.Equal("Users", document.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("1.2.3", document.GetProperty("info").GetProperty("version").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["/users", "/greeting", "/undeclared", "/users/{id}", "/orders/{orderId}", "/login", "/files/{path}", "/plain", "/v2/colors/{color}"], paths);
        Assert.Equal(["get"], document.GetProperty("paths").GetProperty("/users/{id}").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void The_document_is_structurally_valid_and_every_reference_resolves()
    {
        var document = Document();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            var templateNames = TemplateNames().Matches(path.Name).Select(m => m.Groups[1].Value).ToHashSet();
            foreach (var operation in path.Value.EnumerateObject())
            {
                Assert.Contains(operation.Name, new[] { "get", "put", "post", "delete", "patch", "options", "head", "trace" });
                Assert.True(operation.Value.GetProperty("responses").EnumerateObject().Any());
                Assert.False(string.IsNullOrEmpty(operation.Value.GetProperty("operationId").GetString()));
                var declared = new HashSet<string>();
                foreach (var parameter in operation.Value.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : default)
                {
                    Assert.Contains(parameter.GetProperty("in").GetString(), new[] { "path", "query", "header", "cookie" });
                    Assert.True(parameter.TryGetProperty("schema", out _));
                    if (parameter.GetProperty("in").GetString() == "path")
                    {
                        Assert.True(parameter.GetProperty("required").GetBoolean());
                        declared.Add(parameter.GetProperty("name").GetString()!);
                    }
                }

                Assert.Equal(templateNames, declared);
            }
        }

        foreach (var reference in References(document))
        {
            Assert.StartsWith("#/components/schemas/", reference, StringComparison.Ordinal);
            Assert.True(schemas.TryGetProperty(reference["#/components/schemas/".Length..], out _), reference);
        }
    }

    [Fact]
    public void A_model_body_matches_the_shape_fastapi_gives_the_same_pydantic_model()
    {
        var document = Document();
        var post = document.GetProperty("paths").GetProperty("/users").GetProperty("post");
        var user = document.GetProperty("components").GetProperty("schemas").GetProperty("CreateUser");

        Assert.Equal("create_user", post.GetProperty("operationId").GetString());
        Assert.True(post.GetProperty("requestBody").GetProperty("required").GetBoolean());
        Assert.Equal("#/components/schemas/CreateUser", post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("object", user.GetProperty("type").GetString());
        Assert.Equal("CreateUser", user.GetProperty("title").GetString());
        Assert.Equal(["name", "age"], user.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var name = user.GetProperty("properties").GetProperty("name");
        Assert.Equal(("string", 1, 50, "Name"), (name.GetProperty("type").GetString(), name.GetProperty("minLength").GetInt32(), name.GetProperty("maxLength").GetInt32(), name.GetProperty("title").GetString()));
        var age = user.GetProperty("properties").GetProperty("age");
        Assert.Equal(("integer", "0", "150", "Age"), (age.GetProperty("type").GetString(), age.GetProperty("minimum").GetRawText(), age.GetProperty("maximum").GetRawText(), age.GetProperty("title").GetString()));
        Assert.Equal("#/components/schemas/HTTPValidationError", post.GetProperty("responses").GetProperty("422").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        var responses = post.GetProperty("responses");
        Assert.Equal("#/components/schemas/CreateUser", responses.GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.False(responses.TryGetProperty("200", out _));
        Assert.False(responses.TryGetProperty("default", out _));
        Assert.Equal("The name is taken", responses.GetProperty("409").GetProperty("description").GetString());
        Assert.Equal("#/components/schemas/ProblemDetails", responses.GetProperty("409").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
    }

    [Fact]
    public void Responses_come_from_what_handlers_return_and_unknown_ones_are_default_not_a_made_up_200()
    {
        var paths = Document().GetProperty("paths");

        var text = paths.GetProperty("/greeting").GetProperty("get").GetProperty("responses");
        Assert.Equal("string", text.GetProperty("200").GetProperty("content").GetProperty("text/plain").GetProperty("schema").GetProperty("type").GetString());
        var undeclared = paths.GetProperty("/undeclared").GetProperty("get").GetProperty("responses");
        Assert.False(undeclared.TryGetProperty("200", out _));
        Assert.True(undeclared.TryGetProperty("default", out _));
        var deleted = paths.GetProperty("/files/{path}").GetProperty("delete").GetProperty("responses");
        Assert.True(deleted.TryGetProperty("default", out _));
        var colors = paths.GetProperty("/v2/colors/{color}").GetProperty("get").GetProperty("responses");
        Assert.True(colors.TryGetProperty("200", out _));
    }

#if !GATEWAY_NO_REFLECTION
    // An anonymous type's schema is built by reflection (GWV006): not in an app that cannot reflect.
    [Fact]
    public void An_anonymous_return_type_is_described_as_an_object_with_its_members()
    {
        var router = new Router();
        router.MapGet("/items/{id:int}", (int id, string? q) => new { id, q });
        using var document = JsonDocument.Parse(router.GenerateOpenApiDocument(new OpenApiOptions()));

        var schema = document.RootElement.GetProperty("paths").GetProperty("/items/{id}").GetProperty("get").GetProperty("responses")
            .GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var reference = schema.GetProperty("$ref").GetString()!;
        var component = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(reference[(reference.LastIndexOf('/') + 1)..]);
        Assert.Equal("integer", component.GetProperty("properties").GetProperty("id").GetProperty("type").GetString());
        Assert.True(component.GetProperty("properties").TryGetProperty("q", out _));
    }
#endif

    [Fact]
    public void The_document_is_readable_json_with_media_types_and_names_unescaped()
    {
        var text = CreateApi().GenerateOpenApiDocument(new OpenApiOptions { Title = "Jörg's API", Version = "1" });

        Assert.Contains("\"application/problem+json\"", text, StringComparison.Ordinal);
        Assert.Contains("Jörg's API", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_carry_their_source_requiredness_constraints_and_defaults()
    {
        var get = Document().GetProperty("paths").GetProperty("/users/{id}").GetProperty("get");
        var parameters = get.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

        Assert.Equal(["id", "limit", "q", "x-trace"], parameters.Keys);
        Assert.Equal(("path", true, "integer"), (parameters["id"].GetProperty("in").GetString(), parameters["id"].GetProperty("required").GetBoolean(), parameters["id"].GetProperty("schema").GetProperty("type").GetString()));
        var limit = parameters["limit"];
        Assert.Equal(("query", false), (limit.GetProperty("in").GetString(), limit.GetProperty("required").GetBoolean()));
        Assert.Equal(("1", "100", "10", "Limit"), (limit.GetProperty("schema").GetProperty("minimum").GetRawText(), limit.GetProperty("schema").GetProperty("maximum").GetRawText(), limit.GetProperty("schema").GetProperty("default").GetRawText(), limit.GetProperty("schema").GetProperty("title").GetString()));
        Assert.Equal("""[{"type":"string"},{"type":"null"}]""", parameters["q"].GetProperty("schema").GetProperty("anyOf").Compact());
        Assert.Equal("header", parameters["x-trace"].GetProperty("in").GetString());
        Assert.Equal("#/components/schemas/UserView", get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
    }

    [Fact]
    public void Nested_models_collections_dictionaries_patterns_enums_and_forms_are_described()
    {
        var document = Document();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var order = schemas.GetProperty("Order").GetProperty("properties");
        var login = document.GetProperty("paths").GetProperty("/login").GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/x-www-form-urlencoded").GetProperty("schema");

        Assert.Equal("#/components/schemas/Address", order.GetProperty("address").GetProperty("allOf")[0].GetProperty("$ref").GetString());
        Assert.Equal(("array", 1, 3), (order.GetProperty("items").GetProperty("type").GetString(), order.GetProperty("items").GetProperty("minItems").GetInt32(), order.GetProperty("items").GetProperty("maxItems").GetInt32()));
        Assert.Equal(4, order.GetProperty("tags").GetProperty("anyOf")[0].GetProperty("maxItems").GetInt32());
        Assert.Equal("#/components/schemas/Address", order.GetProperty("alternates").GetProperty("anyOf")[0].GetProperty("additionalProperties").GetProperty("$ref").GetString());
        Assert.Equal("^\\d{5}$", schemas.GetProperty("Address").GetProperty("properties").GetProperty("zip").GetProperty("pattern").GetString());
        Assert.Equal("""["Red","Green"]""", schemas.GetProperty("Color").GetProperty("enum").Compact());
        Assert.Equal(["user", "password"], login.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void The_422_schema_describes_the_problem_and_its_fastapi_shaped_errors()
    {
        var schemas = Document().GetProperty("components").GetProperty("schemas");

        Assert.Equal("#/components/schemas/ValidationError", schemas.GetProperty("HTTPValidationError").GetProperty("properties").GetProperty("errors").GetProperty("items").GetProperty("$ref").GetString());
        Assert.Equal(["loc", "msg", "type"], schemas.GetProperty("ValidationError").GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("""[{"type":"string"},{"type":"integer"}]""", schemas.GetProperty("ValidationError").GetProperty("properties").GetProperty("loc").GetProperty("items").GetProperty("anyOf").Compact());
    }

    [Fact]
    public async Task The_docs_page_is_self_contained_and_points_at_the_document()
    {
        await using var client = new TestClient(CreateApi());

        var response = await client.GetAsync("/docs").WaitAsync(Api.Timeout);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<meta name=\"openapi\" content=\"/openapi.json\">", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(ExternalAsset(), html);
        Assert.Contains("<script>", html, StringComparison.Ordinal);
    }

    private static IEnumerable<string> References(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref")
                    {
                        yield return property.Value.GetString()!;
                    }

                    foreach (var nested in References(property.Value))
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var nested in References(item))
                    {
                        yield return nested;
                    }
                }

                break;
            default:
                break;
        }
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex TemplateNames();

    [GeneratedRegex(@"(src|href)\s*=\s*[""']?(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalAsset();
}