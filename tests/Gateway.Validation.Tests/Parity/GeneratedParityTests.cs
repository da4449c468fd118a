using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Validation.Tests.Parity;

#if !GATEWAY_NO_REFLECTION
// The parity tests map each handler on both paths, the reflection one included: not in an app that cannot reflect.
/// <summary>
/// Each handler is mapped twice on one router: under /g by its Map call (intercepted in this project) and under /r
/// through a <see cref="Delegate"/> value (which the generator cannot see into: always the reflection path). Every request
/// of the corpus must get the same status, headers and body bytes from both, valid or not.
/// </summary>
public class GeneratedParityTests
{
    private static readonly JsonSerializerOptions SnakeCase = new() { TypeInfoResolver = SnakeCaseContext.Default };

    private static string Text(int id, string? q, [FromHeader] string? trace, [FromCookie] string? session, [Range(1, 100)] int limit = 10, Color color = Color.Green, Guid? tag = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{id}|{q}|{trace}|{session}|{limit}|{color}|{tag}");

    private static Order Nested(Order order) => order;

    private static async Task<CreateUser> Embedded(CreateUser user, Address address, IUserStore? store = null)
    {
        await Task.Yield();
        return user with { Name = user.Name + "@" + address.Street };
    }

    private static string Form([FromForm] string name, [FromForm, Range(0, 150)] int age) => name + age;

    private static void Nothing([FromQuery] int[] ids)
    {
    }

    private static UserView SourceGenerated(CreateUser user) => new(user.Name, user.Age);

    private static Response Validated(DateRange range, Profile profile) => Results.Json(new { range.Start, profile.Handle });

    private static string Described(
        [System.ComponentModel.Description("The item.")] int id,
        [DataType(DataType.Password), MinLength(8)] string? secret,
        [FromQuery(Name = "when"), Range(typeof(DateTime), "2000-01-01", "2100-01-01")] DateTime? since = null,
        Guid token = default,
        Color color = Color.Green,
        [FromHeader(Name = "X-Limit")] long limit = -1,
        params int[] ids) => string.Empty;

    [Fact]
    public void Both_paths_describe_parameters_and_responses_alike_for_openapi()
    {
        var router = new Router();
        Delegate text = Text, nested = Nested, embedded = Embedded, form = Form, nothing = Nothing, sourceGenerated = SourceGenerated, described = Described;
        (RouteBuilder Generated, RouteBuilder Reflected)[] pairs =
        [
            (router.MapGet("/g/text/{id:int}", Text), router.MapGet("/r/text/{id:int}", text)),
            (router.MapPost("/g/nested", Nested), router.MapPost("/r/nested", nested)),
            (router.MapPost("/g/embedded", Embedded), router.MapPost("/r/embedded", embedded)),
            (router.MapPost("/g/form", Form), router.MapPost("/r/form", form)),
            (router.MapDelete("/g/nothing", Nothing), router.MapDelete("/r/nothing", nothing)),
            (router.MapPost("/g/snake", SourceGenerated), router.MapPost("/r/snake", sourceGenerated)),
            (router.MapGet("/g/described/{id:int}", Described), router.MapGet("/r/described/{id:int}", described)),
        ];

        foreach (var (generatedRoute, reflectedRoute) in pairs)
        {
            var generated = generatedRoute.Metadata.OfType<HandlerEndpoint>().Single();
            var reflected = reflectedRoute.Metadata.OfType<HandlerEndpoint>().Single();
            Assert.Equal(!Api.ReflectionPath, generated.IsGenerated);
            Assert.Equal(Describe(reflected), Describe(generated));
        }
    }

    private static string Describe(HandlerEndpoint endpoint) => string.Join('\n', endpoint.Parameters.Select(p =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Name}|{p.ParameterName}|{p.Source}|{p.Type}|{p.IsRequired}|{p.IsNullable}|{p.HasDefaultValue}|{p.DefaultValue?.GetType()}:{p.DefaultValue}|{p.Description}|{string.Join(',', p.ValidationAttributes.Select(a => a.GetType().Name + ":" + a.FormatErrorMessage(p.Name)))}"))
        .Concat(endpoint.Responses.Select(r => $"{r.Status}|{r.Type}|{r.ContentType}")));

    [Fact]
    public async Task Both_paths_answer_every_request_byte_for_byte_alike()
    {
        var router = new Router();
        var small = new HandlerOptions { MaxBodySize = 64 };
        var snake = new HandlerOptions { JsonOptions = SnakeCase };
        RouteBuilder[] generated =
        [
            router.MapGet("/g/text/{id:int}", Text),
            router.MapPost("/g/nested", Nested),
            router.MapPost("/g/embedded", Embedded),
            router.MapPost("/g/form", Form),
            router.MapDelete("/g/nothing", Nothing),
            router.MapPost("/g/small", Nested, small),
            router.MapPost("/g/snake", SourceGenerated, snake),
            router.MapPost("/g/validated", Validated),
        ];
        Delegate text = Text, nested = Nested, embedded = Embedded, form = Form, nothing = Nothing, sourceGenerated = SourceGenerated, validated = Validated;
        RouteBuilder[] reflected =
        [
            router.MapGet("/r/text/{id:int}", text),
            router.MapPost("/r/nested", nested),
            router.MapPost("/r/embedded", embedded),
            router.MapPost("/r/form", form),
            router.MapDelete("/r/nothing", nothing),
            router.MapPost("/r/small", nested, small),
            router.MapPost("/r/snake", sourceGenerated, snake),
            router.MapPost("/r/validated", validated),
        ];
        Assert.All(generated, route => Assert.Equal(!Api.ReflectionPath, route.Metadata.OfType<HandlerEndpoint>().Single().IsGenerated));
        Assert.All(reflected, route => Assert.False(route.Metadata.OfType<HandlerEndpoint>().Single().IsGenerated));
        await using var client = new TestClient(router);

        (HttpMethod Method, string Path, string? ContentType, string? Body, string? Header)[] corpus =
        [
            (HttpMethod.Get, "/text/5?q=x&limit=3&color=Red&tag=8c4b5a4e-0a4b-4c5e-9a4b-5a4e0a4b4c5e", null, null, "t1"),
            (HttpMethod.Get, "/text/5", null, null, null),
            (HttpMethod.Get, "/text/5?limit=0&color=Blue&tag=nope", null, null, null),
            (HttpMethod.Get, "/text/5?limit=x", null, null, null),
            (HttpMethod.Post, "/nested", "application/json", """{"id":"o1","address":{"street":"Main","zip":"12345"},"items":[{"street":"A","zip":"00000"}],"tags":["a"]}""", null),
            (HttpMethod.Post, "/nested", "application/json", """{"address":{"zip":"12"},"items":[],"tags":["a","b","c","d","e"],"alternates":{"x":{"zip":1}}}""", null),
            (HttpMethod.Post, "/nested", "application/json", """{"id":"o1",""", null),
            (HttpMethod.Post, "/nested", "text/plain", "{}", null),
            (HttpMethod.Post, "/nested", null, null, null),
            (HttpMethod.Post, "/embedded", "application/json", """{"user":{"name":"ann","age":30},"address":{"street":"Main","zip":"12345"}}""", null),
            (HttpMethod.Post, "/embedded", "application/json", """{"user":{"name":"","age":200}}""", null),
            (HttpMethod.Post, "/form", "application/x-www-form-urlencoded", "name=ann&age=30", null),
            (HttpMethod.Post, "/form", "application/x-www-form-urlencoded", "age=300", null),
            (HttpMethod.Post, "/form", "application/json", "{}", null),
            (HttpMethod.Delete, "/nothing?ids=1&ids=2", null, null, null),
            (HttpMethod.Delete, "/nothing?ids=1&ids=x", null, null, null),
            (HttpMethod.Post, "/small", "application/json", new string(' ', 100) + "{}", null),
            (HttpMethod.Post, "/snake", "application/json", """{"name":"ann","age":30}""", null),
            (HttpMethod.Post, "/snake", "application/json", """{"name":"ann","age":"30"}""", null),
            (HttpMethod.Post, "/validated", "application/json", """{"range":{"start":"2024-02-01","end":"2024-01-01"},"profile":{"handle":"h","email":"nope","password":"short","lucky":3,"score":10}}""", null),
            (HttpMethod.Post, "/validated", "application/json", """{"range":{"start":"2024-01-01","end":"2024-02-01"},"profile":{"handle":"h"}}""", null),
        ];

        foreach (var (method, path, contentType, body, header) in corpus)
        {
            var fromGenerated = await SendAsync(client, method, "/g" + path, contentType, body, header);
            var fromReflection = await SendAsync(client, method, "/r" + path, contentType, body, header);
            Assert.Equal(fromReflection, fromGenerated);
        }
    }

    private static string Hidden(DerivedItem item) => string.Create(CultureInfo.InvariantCulture, $"{item.Name}|{item.Rank}|{((BaseItem)item).Rank}");

    private static string Tied(TiedConstructors value) => value.Made;

    private static string Wrapped(WrapperHolder holder) => holder.Value.Text;

    /// <summary>The model shapes whose reading the generator mirrors by rule rather than by sharing code: a property a
    /// derived class hides with <c>new</c>, two public constructors with the same number of parameters (no
    /// <c>[JsonConstructor]</c>), a type whose generic base carries <c>[JsonConverter]</c>.</summary>
    [Fact]
    public async Task Both_paths_read_hidden_members_tied_constructors_and_inherited_converters_alike()
    {
        var router = new Router();
        Delegate hidden = Hidden, tied = Tied, wrapped = Wrapped;
        RouteBuilder[] routes =
        [
            router.MapPost("/g/hidden", Hidden), router.MapPost("/r/hidden", hidden),
            router.MapPost("/g/tied", Tied), router.MapPost("/r/tied", tied),
            router.MapPost("/g/wrapped", Wrapped), router.MapPost("/r/wrapped", wrapped),
        ];
        for (var i = 0; i < routes.Length; i += 2)
        {
            Assert.Equal(!Api.ReflectionPath, routes[i].Metadata.OfType<HandlerEndpoint>().Single().IsGenerated);
            Assert.False(routes[i + 1].Metadata.OfType<HandlerEndpoint>().Single().IsGenerated);
        }

        await using var client = new TestClient(router);
        (string Path, string Body)[] corpus =
        [
            ("/hidden", """{"name":"n","rank":3}"""),
            ("/hidden", """{"name":"n","rank":7}"""),
            ("/hidden", """{"rank":"x"}"""),
            ("/tied", """{"a":"x","b":2}"""),
            ("/tied", """{"a":"x","c":true}"""),
            ("/tied", """{}"""),
            ("/wrapped", """{"value":"hello"}"""),
            ("/wrapped", """{"value":5}"""),
        ];

        var answers = new List<string>();
        foreach (var (path, body) in corpus)
        {
            var fromGenerated = await SendAsync(client, HttpMethod.Post, "/g" + path, "application/json", body, null);
            var fromReflection = await SendAsync(client, HttpMethod.Post, "/r" + path, "application/json", body, null);
            Assert.Equal(fromReflection, fromGenerated);
            answers.Add(fromGenerated.Split('\n')[0] + " " + Encoding.UTF8.GetString(Convert.FromBase64String(fromGenerated[(fromGenerated.LastIndexOf('\n') + 1)..])));
        }

        // The hiding property is the member, with its own rule (the base's property keeps its default).
        Assert.Equal("200 n|3|0", answers[0]);
        Assert.StartsWith("422 ", answers[1], StringComparison.Ordinal);
        Assert.Contains("\"loc\":[\"body\",\"rank\"],\"type\":\"less_than_equal\"", answers[1], StringComparison.Ordinal);

        // The first declared of the constructors with the most parameters.
        Assert.Equal("200 ab:x:2", answers[3]);

        // System.Text.Json does not apply a base's [JsonConverter] to a derived type: it is read as an object, so a string
        // is refused (value_error) on both paths.
        Assert.StartsWith("422 ", answers[6], StringComparison.Ordinal);
        Assert.Contains("value_error", answers[6], StringComparison.Ordinal);
    }

    private static async Task<string> SendAsync(TestClient client, HttpMethod method, string path, string? contentType, string? body, string? trace)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        if (trace is not null)
        {
            request.Headers.Add("trace", trace);
            request.Headers.Add("cookie", "session=s1");
        }

        using var response = await client.SendAsync(request).WaitAsync(Api.Timeout);
        var transcript = new StringBuilder().Append((int)response.StatusCode).Append('\n');
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            transcript.Append(name).Append(": ").AppendJoin(", ", values).Append('\n');
        }

        return transcript.Append('\n').Append(Convert.ToBase64String(await response.Content.ReadAsByteArrayAsync())).ToString();
    }
}

public class BaseItem
{
    public string? Name { get; set; }

    [Range(0, 10)]
    public int Rank { get; set; }
}

public sealed class DerivedItem : BaseItem
{
    [Range(0, 5)]
    public new int Rank { get; set; }
}

public sealed class TiedConstructors
{
    public TiedConstructors(string a, int b) => Made = $"ab:{a}:{b}";

    public TiedConstructors(string a, bool c) => Made = $"ac:{a}:{c}";

    public string Made { get; }
}

/// <summary>A generic base whose converter reads any JSON value as its text.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(TextWrapperConverter))]
public class Wrapper<T>
{
    public string Text { get; init; } = string.Empty;
}

public sealed class TextWrapper : Wrapper<string>;

public sealed record WrapperHolder(TextWrapper Value);

public sealed class TextWrapperConverter : System.Text.Json.Serialization.JsonConverter<Wrapper<string>>
{
    public override Wrapper<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? new TextWrapper { Text = reader.GetString()! } : throw new JsonException("A text wrapper is a string.");

    public override void Write(Utf8JsonWriter writer, Wrapper<string> value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text);
}
#endif
