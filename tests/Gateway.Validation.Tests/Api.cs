using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Validation.Tests;

/// <summary>Helpers shared by the tests: a client over a router, JSON requests, and reading 422 error lists.</summary>
internal static class Api
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Whether this build of the suite is tests/Gateway.Validation.Tests.Reflection, which compiles these files
    /// with the handler generator switched off; otherwise every Map* call the generator supports is intercepted.</summary>
#if GATEWAY_REFLECTION_PATH
    public const bool ReflectionPath = true;
#else
    public const bool ReflectionPath = false;
#endif

    /// <summary>A client over a router the test maps. Every handler must have taken this build's path (generated, or
    /// reflection in the Reflection project), so that no assertion passes on the other path by accident.</summary>
    public static TestClient Client(Action<Router> map, TestClientOptions? options = null)
    {
        var router = new Router();
        map(router);
        AssertHandlerPath(router, generated: !ReflectionPath);
        return new TestClient(router, options);
    }

    /// <summary>Asserts that every handler on <paramref name="router"/> was planned by the generator, or by
    /// reflection.</summary>
    public static void AssertHandlerPath(Router router, bool generated)
    {
        foreach (var route in router.GetRouteTable())
        {
            foreach (var metadata in route.Metadata)
            {
                if (metadata is HandlerEndpoint endpoint)
                {
                    Assert.True(endpoint.IsGenerated == generated, $"{route} was planned by {(endpoint.IsGenerated ? "the generator" : "reflection")}.");
                }
            }
        }
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json")).WaitAsync(Timeout);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The <c>errors</c> of a 422 problem, checking the problem's shape on the way.</summary>
    public static async Task<JsonElement[]> ErrorsAsync(this HttpResponseMessage response)
    {
        Assert.Equal(422, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Equal("Unprocessable Content", problem.GetProperty("title").GetString());
        Assert.Equal("about:blank", problem.GetProperty("type").GetString());
        Assert.True(problem.TryGetProperty("detail", out _));
        return [.. problem.GetProperty("errors").EnumerateArray()];
    }

    /// <summary>The single error of a 422 problem.</summary>
    public static async Task<JsonElement> ErrorAsync(this HttpResponseMessage response) => Assert.Single(await response.ErrorsAsync());

    /// <summary>An error's <c>loc</c> as text: <c>body.tags.2</c>.</summary>
    public static string Loc(this JsonElement error) => string.Join('.', error.GetProperty("loc").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : e.GetString()));

    public static string Type(this JsonElement error) => error.GetProperty("type").GetString()!;

    public static string Msg(this JsonElement error) => error.GetProperty("msg").GetString()!;

    public static string Raw(this JsonElement error, string property) => error.GetProperty(property).GetRawText();

    public static string Compact(this JsonElement element) => JsonSerializer.Serialize(element);

    public static JsonElement Find(this JsonElement[] errors, string loc) => Assert.Single(errors, e => e.Loc() == loc);

    public static MediaTypeHeaderValue Json => new("application/json");
}