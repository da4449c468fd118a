using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Validation.Tests.Json;

public class JsonCoercionTests
{
    private static TestClient Client(JsonCoercion coercion)
    {
        var router = new Router();
        router.MapHandler("/", ["POST"], (Scalars s) => s, new HandlerOptions { BodyCoercion = coercion });
        return new TestClient(router);
    }

    private const string Valid = """{"count":1,"flag":true,"ratio":0.5,"text":"t","id":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","color":"Green","when":"2024-01-02T03:04:05Z"}""";

    private static string With(string member, string json) =>
        System.Text.Json.Nodes.JsonNode.Parse(Valid)!.AsObject() is var node && (node[member] = System.Text.Json.Nodes.JsonNode.Parse(json)) is var _
            ? node.ToJsonString()
            : Valid;

    [Fact]
    public async Task A_valid_body_round_trips()
    {
        await using var client = Client(JsonCoercion.Strict);

        var body = await (await client.PostJsonAsync("/", Valid)).JsonAsync();

        Assert.Equal("Green", body.GetProperty("color").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("maybe").ValueKind);
    }

    [Theory]
    [InlineData("count", "\"25\"", "int_type", "Input should be a valid integer")]
    [InlineData("count", "2.5", "int_from_float", "Input should be a valid integer, got a number with a fractional part")]
    [InlineData("count", "2.0", "int_type", "Input should be a valid integer")]
    [InlineData("count", "99999999999", "int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size")]
    [InlineData("count", "null", "int_type", "Input should be a valid integer")]
    [InlineData("flag", "\"true\"", "bool_type", "Input should be a valid boolean")]
    [InlineData("ratio", "\"0.5\"", "float_type", "Input should be a valid number")]
    [InlineData("text", "5", "string_type", "Input should be a valid string")]
    [InlineData("id", "\"nope\"", "uuid_parsing", "Input should be a valid UUID, unable to parse string as a UUID")]
    [InlineData("id", "1", "uuid_type", "UUID input should be a string, bytes or UUID object")]
    [InlineData("color", "\"Blue\"", "enum", "Input should be 'Red' or 'Green'")]
    [InlineData("when", "\"yesterday\"", "datetime_parsing", "Input should be a valid datetime, invalid datetime format")]
    [InlineData("maybe", "\"x\"", "int_type", "Input should be a valid integer")]
    public async Task Strict_mode_refuses_wrong_json_kinds_with_the_pydantic_type(string member, string json, string type, string message)
    {
        await using var client = Client(JsonCoercion.Strict);

        var error = await (await client.PostJsonAsync("/", With(member, json))).ErrorAsync();

        Assert.Equal("body." + member, error.Loc());
        Assert.Equal(type, error.Type());
        Assert.Equal(message, error.Msg());
        Assert.Equal(json, error.Raw("input"));
    }

    [Fact]
    public async Task Lax_mode_accepts_numbers_and_booleans_in_strings_as_pydantic_does()
    {
        await using var client = Client(JsonCoercion.Lax);

        var body = await (await client.PostJsonAsync("/", With("count", "\"25\"").Replace("\"flag\":true", "\"flag\":\"yes\"", StringComparison.Ordinal).Replace("\"ratio\":0.5", "\"ratio\":\"1.25\"", StringComparison.Ordinal))).JsonAsync();

        Assert.Equal(25, body.GetProperty("count").GetInt32());
        Assert.True(body.GetProperty("flag").GetBoolean());
        Assert.Equal(1.25, body.GetProperty("ratio").GetDouble());
    }

    [Theory]
    [InlineData("count", "\"abc\"", "int_parsing")]
    [InlineData("flag", "\"maybe\"", "bool_parsing")]
    [InlineData("ratio", "\"x\"", "float_parsing")]
    [InlineData("flag", "2", "bool_parsing")]
    public async Task Lax_mode_reports_parsing_errors_for_unparseable_strings(string member, string json, string type)
    {
        await using var client = Client(JsonCoercion.Lax);

        var error = await (await client.PostJsonAsync("/", With(member, json))).ErrorAsync();

        Assert.Equal(type, error.Type());
    }

    [Fact]
    public async Task A_list_given_an_object_is_list_type_and_a_model_given_a_list_is_model_attributes_type()
    {
        await using var client = Api.Client(r =>
        {
            r.MapPost("/list", ([FromBody] List<int> numbers) => numbers.Count);
            r.MapPost("/model", (CreateUser user) => user.Name);
            r.MapPost("/map", (Dictionary<string, int> map) => map.Count);
        });

        var list = await (await client.PostJsonAsync("/list", "{}")).ErrorAsync();
        var model = await (await client.PostJsonAsync("/model", "[]")).ErrorAsync();
        var map = await (await client.PostJsonAsync("/map", "[]")).ErrorAsync();
        var item = await (await client.PostJsonAsync("/list", "[1,\"x\",3]")).ErrorAsync();

        Assert.Equal(("body", "list_type"), (list.Loc(), list.Type()));
        Assert.Equal(("body", "model_attributes_type"), (model.Loc(), model.Type()));
        Assert.Equal(("body", "dict_type"), (map.Loc(), map.Type()));
        Assert.Equal(("body.1", "int_type"), (item.Loc(), item.Type()));
    }

    [Fact]
    public async Task Json_names_follow_the_naming_policy_and_match_case_insensitively()
    {
        await using var client = Api.Client(r => r.MapPost("/users", (CreateUser user) => user.Name + user.Age));

        var body = await (await client.PostJsonAsync("/users", """{"NAME":"a","Age":3}""")).Content.ReadAsStringAsync();

        Assert.Equal("a3", body);
    }
}