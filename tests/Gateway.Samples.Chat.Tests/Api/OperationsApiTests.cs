using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Gateway.Samples.Chat.Tests.Support;
using Gateway.Validation;

namespace Gateway.Samples.Chat.Tests.Api;

/// <summary>What operators and newcomers meet: the start page, health, metrics, the API document — over the socket and
/// in process.</summary>
public sealed class OperationsApiTests : IAsyncLifetime
{
    private ChatHost _chat = null!;

    public async Task InitializeAsync() => _chat = await ChatHost.StartAsync();

    public async Task DisposeAsync() => await _chat.DisposeAsync();

    [Fact]
    public async Task Health_reports_the_database_and_the_start_page_points_at_the_docs()
    {
        var health = await _chat.Http.GetFromJsonAsync<JsonElement>("healthz");
        var page = await _chat.Http.GetStringAsync("");
        var docs = await _chat.Http.GetAsync("docs");

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("sqlite", health.GetProperty("database").GetString());
        Assert.Contains("/docs", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Fact]
    public void Every_handler_is_planned_by_the_source_generator()
    {
        // The chat references the generator as a package consumer would: every Map* handler must have been intercepted
        // at compile time, so none is planned with reflection at start-up.
        var handlers = Handlers(_chat.App.Router).ToList();

        Assert.True(handlers.Count >= 15, $"{handlers.Count} handlers found");
        Assert.All(handlers, handler => Assert.True(handler.IsGenerated));

        static IEnumerable<HandlerEndpoint> Handlers(Gateway.Routing.Router router) => router.GetRouteTable().SelectMany(route =>
            route is Gateway.Routing.Mount { Router: { } mounted } ? Handlers(mounted) : route.Metadata.OfType<HandlerEndpoint>());
    }

    [Fact]
    public async Task Metrics_count_requests_by_route_template_and_status_and_export_the_chat_meter()
    {
        var (access, _) = await _chat.SignUpAsync("ann");
        await _chat.Http.PostAsJsonAsync("api/auth/login", new { username = "ann", password = "wrong horse" }, ChatHost.Json);
        await _chat.Http.SendAsync(ChatHost.Authorized(HttpMethod.Post, "api/rooms/12345/join", access));
        await _chat.Http.GetAsync("no/such/path");

        var text = await _chat.Http.GetStringAsync("metrics");

        Assert.Contains("chat_http_requests_total{route=\"/api/auth/login\",method=\"POST\",status=\"401\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("route=\"/api/rooms/{id:long}/join\",method=\"POST\",status=\"404\"", text, StringComparison.Ordinal);
        // Paths nothing else matches reach the web app's files at "/", which answer 404: one bounded label.
        Assert.Contains("route=\"/{*file}\",method=\"GET\",status=\"404\"", text, StringComparison.Ordinal);
        Assert.Contains("chat_http_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("chat_auth_failures_total{reason=\"invalid_credentials\"} 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(access, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_api_answers_alike_over_the_socket_and_through_the_test_client(bool inProcess)
    {
        // The same app on Gateway.Server and on Gateway.Testing's TestClient: the chat needs nothing of either server.
        HttpClient http = inProcess ? _chat.InProcess : _chat.Http;
        var name = inProcess ? "in_process" : "socket";
        var credentials = new { username = name, password = "correct horse" };

        var registered = await http.PostAsJsonAsync("api/auth/register", credentials, ChatHost.Json);
        var taken = await http.PostAsJsonAsync("api/auth/register", credentials, ChatHost.Json);
        var invalid = await http.PostAsJsonAsync("api/auth/register", new { username = "No", password = "short" }, ChatHost.Json);
        var wrong = await http.PostAsJsonAsync("api/auth/login", new { username = name, password = "wrong horse" }, ChatHost.Json);
        var login = await http.PostAsJsonAsync("api/auth/login", credentials, ChatHost.Json);
        var access = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        var anonymous = await http.GetAsync("api/me");
        var me = await http.SendAsync(ChatHost.Authorized(HttpMethod.Get, "api/me", access));
        var created = await http.SendAsync(ChatHost.Authorized(HttpMethod.Post, "api/rooms", access, new { name = "general " + name }));
        var room = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var rooms = await http.SendAsync(ChatHost.Authorized(HttpMethod.Get, "api/rooms", access));
        var history = await http.SendAsync(ChatHost.Authorized(HttpMethod.Get, $"api/rooms/{room}/messages?limit=10", access));
        var badLimit = await http.SendAsync(ChatHost.Authorized(HttpMethod.Get, $"api/rooms/{room}/messages?limit=101", access));
        var health = await http.GetAsync("healthz");

        Assert.Equal(
            [201, 409, 422, 401, 200, 401, 200, 201, 200, 200, 422, 200],
            new[] { registered, taken, invalid, wrong, login, anonymous, me, created, rooms, history, badLimit, health }.Select(r => (int)r.StatusCode));
        Assert.Equal("application/problem+json", taken.Content.Headers.ContentType?.MediaType);
        Assert.Equal(name, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("username").GetString());
        Assert.Equal("general " + name, (await rooms.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("name").GetString());
        Assert.Equal("""{"messages":[],"has_more":false}""", await history.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api_in_snake_case_and_the_in_process_client_sees_the_same_app()
    {
        var document = await _chat.InProcess.GetFromJsonAsync<JsonElement>("/openapi.json");
        var paths = document.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/auth/login", out var login));
        Assert.True(login.GetProperty("post").GetProperty("responses").TryGetProperty("429", out _));
        Assert.True(paths.TryGetProperty("/api/rooms/{id}/messages", out _));
        var tokens = document.GetProperty("components").GetProperty("schemas").GetProperty("TokenResponse").GetProperty("properties");
        Assert.True(tokens.TryGetProperty("access_token", out _));
        Assert.False(paths.TryGetProperty("/metrics", out _) && paths.GetProperty("/metrics").TryGetProperty("get", out var metrics) && metrics.TryGetProperty("requestBody", out _));
    }
}