using Gateway.Routing;

namespace Gateway.Validation.Tests.Checks;

public class AttributeValidationTests
{
    private static Gateway.Testing.TestClient ProfileClient() => Api.Client(r => r.MapPost("/profiles", (Profile profile) => profile.Handle));

    [Fact]
    public async Task The_create_user_example_reports_every_error_in_fastapi_shape()
    {
        await using var client = Api.Client(r => r.MapPost("/users", (CreateUser user) => user));

        var errors = await (await client.PostJsonAsync("/users", """{"name":"","age":151}""")).ErrorsAsync();

        Assert.Equal(2, errors.Length);
        var name = errors.Find("body.name");
        Assert.Equal("string_too_short", name.Type());
        Assert.Equal("String should have at least 1 character", name.Msg());
        Assert.Equal("\"\"", name.Raw("input"));
        Assert.Equal("""{"min_length":1}""", name.Raw("ctx"));
        var age = errors.Find("body.age");
        Assert.Equal("less_than_equal", age.Type());
        Assert.Equal("Input should be less than or equal to 150", age.Msg());
        Assert.Equal("151", age.Raw("input"));
        Assert.Equal("""{"le":150}""", age.Raw("ctx"));
    }

    [Fact]
    public async Task Required_members_missing_from_the_body_are_each_missing()
    {
        await using var client = Api.Client(r => r.MapPost("/users", (CreateUser user) => user));

        var errors = await (await client.PostJsonAsync("/users", "{}")).ErrorsAsync();

        Assert.Equal(["body.name", "body.age"], errors.Select(e => e.Loc()));
        Assert.All(errors, e => Assert.Equal("missing", e.Type()));
        Assert.All(errors, e => Assert.Equal("Field required", e.Msg()));
    }

    [Fact]
    public async Task Range_below_the_minimum_is_greater_than_equal_and_exclusive_bounds_are_greater_than_and_less_than()
    {
        await using var client = Api.Client(r => r.MapPost("/users", (CreateUser user) => user));
        await using var profiles = ProfileClient();

        var low = await (await client.PostJsonAsync("/users", """{"name":"a","age":-1}""")).ErrorAsync();
        var exclusiveLow = await (await profiles.PostJsonAsync("/profiles", """{"handle":"h","score":0}""")).ErrorAsync();
        var exclusiveHigh = await (await profiles.PostJsonAsync("/profiles", """{"handle":"h","score":10}""")).ErrorAsync();

        Assert.Equal(("greater_than_equal", "Input should be greater than or equal to 0", """{"ge":0}"""), (low.Type(), low.Msg(), low.Raw("ctx")));
        Assert.Equal(("greater_than", "Input should be greater than 0", """{"gt":0}"""), (exclusiveLow.Type(), exclusiveLow.Msg(), exclusiveLow.Raw("ctx")));
        Assert.Equal(("less_than", "Input should be less than 10", """{"lt":10}"""), (exclusiveHigh.Type(), exclusiveHigh.Msg(), exclusiveHigh.Raw("ctx")));
    }

    [Fact]
    public async Task Nan_is_in_no_range_from_a_lax_body_or_the_query()
    {
        // Found with the json fuzz harness: a lax "NaN" passed [Range(0.0, 1.0)] (pydantic-core rejects it at the maximum).
        var router = new Router();
        router.MapPost("/measure", (Measurement measurement) => measurement.Ratio, new HandlerOptions { BodyCoercion = JsonCoercion.Lax });
        router.MapGet("/ratio", ([System.ComponentModel.DataAnnotations.Range(0.0, 1.0)] double ratio) => ratio);
        await using var client = new Gateway.Testing.TestClient(router);

        var body = await (await client.PostJsonAsync("/measure", """{"ratio":"NaN"}""")).ErrorAsync();
        var query = await (await client.GetAsync("/ratio?ratio=NaN").WaitAsync(Api.Timeout)).ErrorAsync();
        var inRange = await client.PostJsonAsync("/measure", """{"ratio":"0.5"}""");

        Assert.Equal(("body.ratio", "less_than_equal", "Input should be less than or equal to 1", "\"NaN\""), (body.Loc(), body.Type(), body.Msg(), body.Raw("input")));
        Assert.Equal(("query.ratio", "less_than_equal"), (query.Loc(), query.Type()));
        Assert.Equal("0.5", await inRange.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_range_on_text_that_is_no_number_is_out_of_range_not_a_server_error()
    {
        await using var client = Api.Client(r => r.MapPost("/measure", (Measurement measurement) => measurement.Level));

        var word = await (await client.PostJsonAsync("/measure", """{"ratio":0.5,"level":"high"}""")).ErrorAsync();
        var over = await (await client.PostJsonAsync("/measure", """{"ratio":0.5,"level":"9"}""")).ErrorAsync();
        var inRange = await client.PostJsonAsync("/measure", """{"ratio":0.5,"level":"3"}""");

        Assert.Equal(("body.level", "less_than_equal", "\"high\""), (word.Loc(), word.Type(), word.Raw("input")));
        Assert.Equal(("body.level", "less_than_equal", "\"9\""), (over.Loc(), over.Type(), over.Raw("input")));
        Assert.Equal(200, (int)inRange.StatusCode);
        Assert.Equal("3", await inRange.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task String_length_maximum_is_string_too_long()
    {
        await using var client = Api.Client(r => r.MapPost("/users", (CreateUser user) => user));

        var error = await (await client.PostJsonAsync("/users", $$"""{"name":"{{new string('x', 51)}}","age":1}""")).ErrorAsync();

        Assert.Equal("string_too_long", error.Type());
        Assert.Equal("String should have at most 50 characters", error.Msg());
        Assert.Equal("""{"max_length":50}""", error.Raw("ctx"));
    }

    [Theory]
    [InlineData("""{"handle":"h","email":"nobody"}""", "body.email", "value_error", "value is not a valid email address: An email address must have an @-sign.")]
    [InlineData("""{"handle":"h","homepage":"example.org"}""", "body.homepage", "url_scheme", "URL scheme should be 'http', 'https' or 'ftp'")]
    [InlineData("""{"handle":"h","color":"blue"}""", "body.color", "literal_error", "Input should be 'red' or 'green'")]
    [InlineData("""{"handle":"h","role":"root"}""", "body.role", "value_error", "Value error, The Role field equals one of the values specified in DeniedValuesAttribute.")]
    [InlineData("""{"handle":"h","avatar":"***"}""", "body.avatar", "base64_decode", "Base64 decoding error: 'Invalid base64-encoded string'")]
    [InlineData("""{"handle":"h","code":"x"}""", "body.code", "string_too_short", "String should have at least 2 characters")]
    [InlineData("""{"handle":"h","code":"wxyz"}""", "body.code", "string_too_long", "String should have at most 3 characters")]
    [InlineData("""{"handle":"h","lucky":3}""", "body.lucky", "value_error", "Value error, The value must be even.")]
    public async Task Each_attribute_maps_to_its_pydantic_error(string json, string loc, string type, string message)
    {
        await using var client = ProfileClient();

        var error = await (await client.PostJsonAsync("/profiles", json)).ErrorAsync();

        Assert.Equal(loc, error.Loc());
        Assert.Equal(type, error.Type());
        Assert.Equal(message, error.Msg());
    }

    [Fact]
    public async Task A_valid_profile_passes_and_unset_members_keep_their_initializers()
    {
        await using var client = Api.Client(r => r.MapPost("/profiles", (Profile profile) => profile));

        var body = await (await client.PostJsonAsync("/profiles", """{"handle":"h","email":"a@b.c","homepage":"https://x.org","color":"red","avatar":"AAEC","code":"ab","password":"correct horse","lucky":4}""")).JsonAsync();

        Assert.Equal(7, body.GetProperty("visits").GetInt32());
        Assert.Equal(5, body.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task A_required_property_is_missing_when_absent()
    {
        await using var client = ProfileClient();

        var error = await (await client.PostJsonAsync("/profiles", "{}")).ErrorAsync();

        Assert.Equal("body.handle", error.Loc());
        Assert.Equal("missing", error.Type());
    }

    [Fact]
    public async Task The_input_of_a_secret_is_left_out()
    {
        await using var client = ProfileClient();

        var error = await (await client.PostJsonAsync("/profiles", """{"handle":"h","password":"short"}""")).ErrorAsync();

        Assert.Equal("string_too_short", error.Type());
        Assert.False(error.TryGetProperty("input", out _));
    }

    [Fact]
    public async Task Nested_objects_collections_and_dictionaries_put_their_path_in_the_location()
    {
        await using var client = Api.Client(r => r.MapPost("/orders", (Order order) => order.Id));
        const string Json = """
            {"id":"o1","address":{"street":"s","zip":"1"},
             "items":[{"street":"a","zip":"12345"},{"zip":"x"}],
             "tags":["a","b","c","d","e"],
             "alternates":{"home":{"street":"h","zip":"abc"}}}
            """;

        var errors = await (await client.PostJsonAsync("/orders", Json)).ErrorsAsync();

        Assert.Equal("string_pattern_mismatch", errors.Find("body.address.zip").Type());
        Assert.Equal("String should match pattern '^\\d{5}$'", errors.Find("body.address.zip").Msg());
        Assert.Equal("missing", errors.Find("body.items.1.street").Type());
        Assert.Equal("string_pattern_mismatch", errors.Find("body.items.1.zip").Type());
        var tags = errors.Find("body.tags");
        Assert.Equal("too_long", tags.Type());
        Assert.Equal("List should have at most 4 items after validation, not 5", tags.Msg());
        Assert.Equal("""{"field_type":"List","max_length":4,"actual_length":5}""", tags.Raw("ctx"));
        Assert.Equal("string_pattern_mismatch", errors.Find("body.alternates.home.zip").Type());
        Assert.Equal(5, errors.Length);
    }

    [Fact]
    public async Task A_collection_below_its_minimum_length_is_too_short()
    {
        await using var client = Api.Client(r => r.MapPost("/orders", (Order order) => order.Id));

        var error = await (await client.PostJsonAsync("/orders", """{"id":"o","address":{"street":"s","zip":"12345"},"items":[]}""")).ErrorAsync();

        Assert.Equal("body.items", error.Loc());
        Assert.Equal("too_short", error.Type());
        Assert.Equal("List should have at least 1 item after validation, not 0", error.Msg());
    }

    [Fact]
    public async Task Validatable_objects_report_their_results_at_the_named_member_once_members_are_valid()
    {
        await using var client = Api.Client(r => r.MapPost("/ranges", (DateRange range) => range.End.DayNumber - range.Start.DayNumber));

        var error = await (await client.PostJsonAsync("/ranges", """{"start":"2024-05-02","end":"2024-05-01"}""")).ErrorAsync();
        var memberFirst = await (await client.PostJsonAsync("/ranges", """{"start":"2024-05-02","end":"soon"}""")).ErrorAsync();

        Assert.Equal("body.end", error.Loc());
        Assert.Equal("value_error", error.Type());
        Assert.Equal("Value error, End must not be before Start.", error.Msg());
        Assert.Equal("date_parsing", memberFirst.Type());
    }

    [Fact]
    public async Task Parameter_attributes_validate_text_sources()
    {
        await using var client = Api.Client(r => r.MapGet("/items", ([System.ComponentModel.DataAnnotations.Range(1, 100)] int limit, [System.ComponentModel.DataAnnotations.StringLength(3)] string? q = null) => limit));

        var errors = await (await client.GetAsync("/items?limit=0&q=abcd").WaitAsync(Api.Timeout)).ErrorsAsync();

        Assert.Equal("greater_than_equal", errors.Find("query.limit").Type());
        Assert.Equal("0", errors.Find("query.limit").Raw("input"));
        Assert.Equal("string_too_long", errors.Find("query.q").Type());
    }

    [Fact]
    public async Task Recursive_models_bind_and_nesting_beyond_the_depth_limit_is_json_invalid()
    {
        var router = new Gateway.Routing.Router();
        router.MapHandler("/tree", ["POST"], (TreeNode node) => Count(node), new HandlerOptions { MaxDepth = 8 });
        await using var client = new Gateway.Testing.TestClient(router);
        static int Count(TreeNode node) => 1 + (node.Children?.Sum(Count) ?? 0);

        var ok = await client.PostJsonAsync("/tree", """{"name":"a","children":[{"name":"b","children":[{"name":"c"}]},{"name":"d"}]}""");
        var deep = string.Concat(Enumerable.Repeat("""{"name":"x","children":[""", 10)) + string.Concat(Enumerable.Repeat("]}", 10));
        var error = await (await client.PostJsonAsync("/tree", deep)).ErrorAsync();

        Assert.Equal("4", await ok.Content.ReadAsStringAsync());
        Assert.Equal("json_invalid", error.Type());
    }
}