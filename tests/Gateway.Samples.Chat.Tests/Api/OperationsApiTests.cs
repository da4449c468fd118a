using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Gateway.Samples.Chat.Tests.Support;

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