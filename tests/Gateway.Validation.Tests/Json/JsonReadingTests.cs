using System.Text.Json;
using System.Text.Json.Serialization;

using Gateway.Routing;

namespace Gateway.Validation.Tests.Json;

/// <summary>
/// Bodies are read straight from their bytes with System.Text.Json's reader, with no document in between: an object's
/// members are found by a scan and then read in declaration order. These tests pin what a parsed document gave for free:
/// the order of the errors, repeated members, escaped names, skipped values, embedded bodies, and the serializer's
/// positions.
/// </summary>
public class JsonReadingTests
{
    [Fact]
    public async Task Errors_come_in_declaration_order_whatever_order_the_client_wrote_the_members_in()
    {
        await using var client = Api.Client(r => r.MapPost("/orders", (Order order) => order.Id));
        const string InOrder = """{"id":5,"address":{"zip":"x"},"items":[]}""";
        const string Reversed = """{"items":[],"address":{"zip":"x"},"id":5}""";

        var first = await client.PostJsonAsync("/orders", InOrder);
        var second = await client.PostJsonAsync("/orders", Reversed);
        var errors = await first.ErrorsAsync();

        Assert.Equal(["body.id", "body.address.street", "body.address.zip", "body.items"], errors.Select(e => e.Loc()));
        Assert.Equal(
            (await first.Content.ReadAsStringAsync()).Replace(InOrder, string.Empty, StringComparison.Ordinal),
            (await second.Content.ReadAsStringAsync()).Replace(Reversed, string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_repeated_member_binds_its_last_value_and_only_the_last_one_is_checked()
    {
        await using var client = Api.Client(r => r.MapPost("/users", (CreateUser user) => user.Name));

        var ok = await client.PostJsonAsync("/users", """{"name":5,"age":1,"name":"Ada"}""");
        var error = await (await client.PostJsonAsync("/users", """{"name":"Ada","age":1,"name":""}""")).ErrorAsync();

        Assert.Equal("Ada", await ok.Content.ReadAsStringAsync());
        Assert.Equal("body.name", error.Loc());
        Assert.Equal("string_too_short", error.Type());
    }

    [Fact]
    public async Task Escaped_member_names_match_their_members()
    {
        await using var client = Api.Client(r => r.MapPost("/users", (CreateUser user) => $"{user.Name} {user.Age}"));

        var response = await client.PostJsonAsync("/users", """{"n\u0061me":"Ada \u00e9","\u0061ge":36}""");

        Assert.Equal("Ada é 36", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Escaped_and_differently_cased_names_match_in_nested_objects_too()
    {
        // The root object's members come from the checking pass, nested ones from a scan: both paths are covered.
        await using var client = Api.Client(r => r.MapPost("/orders", (Order order) => $"{order.Id} {order.Address.Street} {order.Items[0].Zip}"));

        var response = await client.PostJsonAsync("/orders", """{"I\u0044":"o-1","ADDRESS":{"str\u0065et":"Main","ZIP":"12345"},"items":[{"Street":"s","z\u0049p":"54321"}]}""");

        Assert.Equal("o-1 Main 54321", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_null_root_binds_an_optional_body_as_null_and_is_a_model_error_for_a_required_one()
    {
        await using var client = Api.Client(r =>
        {
            r.MapPost("/optional", (CreateUser? user) => user?.Name ?? "none");
            r.MapPost("/required", (CreateUser user) => user.Name);
        });

        var optional = await client.PostJsonAsync("/optional", "null");
        var error = await (await client.PostJsonAsync("/required", " null ")).ErrorAsync();

        Assert.Equal("none", await optional.Content.ReadAsStringAsync());
        Assert.Equal("body", error.Loc());
        Assert.Equal("model_attributes_type", error.Type());
    }

    [Fact]
    public async Task Unknown_members_are_skipped_whatever_they_hold()
    {
        await using var client = Api.Client(r => r.MapPost("/users", (CreateUser user) => $"{user.Name} {user.Age}"));

        var response = await client.PostJsonAsync("/users", """{"extra":{"name":[1,{"name":"no"}],"age":{}},"name":"Ada","more":[[],{}],"age":36,"last":null}""");

        Assert.Equal("Ada 36", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Members_in_whitespace_and_on_several_lines_bind()
    {
        await using var client = Api.Client(r => r.MapPost("/orders", (Order order) => $"{order.Id} {order.Address.Zip} {order.Items.Count} {order.Tags?.Length}"));

        var response = await client.PostJsonAsync("/orders", "{\r\n  \"tags\" : [ \"a\" , \"b\" ] ,\n\t\"items\":[ {\"street\":\"s\",\"zip\":\"12345\"} ],\n \"address\" : { \"zip\" : \"54321\" , \"street\" : \"t\" } ,\n \"id\" : \"o-1\"\n}\n");

        Assert.Equal("o-1 54321 1 2", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_embedded_body_parameter_takes_the_last_of_a_repeated_member()
    {
        await using var client = Api.Client(r => r.MapPost("/pair", (CreateUser user, Address address) => $"{user.Name} {address.Street}"));

        var response = await client.PostJsonAsync("/pair", """{"user":{"name":"","age":-1},"address":{"street":"Main","zip":"12345"},"user":{"name":"Ada","age":36}}""");
        var error = await (await client.PostJsonAsync("/pair", """[{"user":{"name":"Ada","age":36}}]""")).ErrorsAsync();

        Assert.Equal("Ada Main", await response.Content.ReadAsStringAsync());
        Assert.Equal(["body.user", "body.address"], error.Select(e => e.Loc()));
        Assert.All(error, e => Assert.Equal("missing", e.Type()));
    }

    [Fact]
    public async Task A_type_with_its_own_converter_gets_exactly_its_value_so_the_serializers_positions_count_from_it()
    {
        await using var client = Api.Client(r => r.MapPost("/readings", (Reading reading) => reading.Celsius.Degrees));
        const string Value = "{\n  \"degrees\": -500\n}";

        var ok = await client.PostJsonAsync("/readings", "{\"celsius\": 21}");
        var error = await (await client.PostJsonAsync("/readings", "{\n\"celsius\":\n  " + Value + "\n}")).ErrorAsync();
        var expected = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Celsius>(Value)).Message;

        Assert.Equal("21", await ok.Content.ReadAsStringAsync());
        Assert.Equal("body.celsius", error.Loc());
        Assert.Equal("value_error", error.Type());
        Assert.Equal("Value error, " + expected, error.Msg());
        Assert.Contains("LineNumber: 2 |", expected, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, error.GetProperty("input").ValueKind);
        Assert.Equal(-500, error.GetProperty("input").GetProperty("degrees").GetInt32());
    }

    [Fact]
    public async Task A_json_element_member_keeps_its_value_after_the_request_is_gone()
    {
        JsonElement kept = default;
        await using var client = Api.Client(r => r.MapPost("/raw", (Envelope envelope) =>
        {
            kept = envelope.Payload;
            return envelope.Kind;
        }));

        var response = await client.PostJsonAsync("/raw", """{"payload":{"a":[1,"two",{"b":null}]},"kind":"k"}""");

        Assert.Equal("k", await response.Content.ReadAsStringAsync());
        Assert.Equal("""{"a":[1,"two",{"b":null}]}""", kept.GetRawText());
    }
}

public sealed record Reading(Celsius Celsius);

public sealed record Envelope(JsonElement Payload, string Kind);

/// <summary>A value with its own converter, which the binder hands to System.Text.Json whole: a number, or an object
/// with <c>degrees</c>; below absolute zero is a <see cref="JsonException"/>.</summary>
[JsonConverter(typeof(CelsiusConverter))]
public readonly record struct Celsius(int Degrees);

public sealed class CelsiusConverter : JsonConverter<Celsius>
{
    public override Celsius Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        int degrees;
        if (reader.TokenType == JsonTokenType.Number)
        {
            degrees = reader.GetInt32();
        }
        else
        {
            using var document = JsonDocument.ParseValue(ref reader);
            degrees = document.RootElement.GetProperty("degrees").GetInt32();
        }

        return degrees < -273 ? throw new JsonException() : new Celsius(degrees);
    }

    public override void Write(Utf8JsonWriter writer, Celsius value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Degrees);
}
