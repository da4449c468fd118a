using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Api;

/// <summary>The auth endpoints over a real socket: registration rules, login, rotation with reuse detection, logout,
/// sessions, and what every bad token gets.</summary>
public sealed class AuthApiTests : IAsyncLifetime
{
    private ChatHost _chat = null!;

    public async Task InitializeAsync() => _chat = await ChatHost.StartAsync();

    public async Task DisposeAsync() => await _chat.DisposeAsync();

    [Fact]
    public async Task Register_answers_201_then_409_for_a_taken_name_and_422_in_fastapi_shape_for_bad_input()
    {
        var created = await _chat.Http.PostAsJsonAsync("api/auth/register", new { username = "ann_1", password = "long enough" }, ChatHost.Json);
        var taken = await _chat.Http.PostAsJsonAsync("api/auth/register", new { username = "ann_1", password = "long enough" }, ChatHost.Json);
        var invalid = await _chat.Http.PostAsJsonAsync("api/auth/register", new { username = "Ann!", password = "short" }, ChatHost.Json);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ann_1", user.GetProperty("username").GetString());
        Assert.True(user.GetProperty("id").GetInt64() > 0);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("application/problem+json", taken.Content.Headers.ContentType?.MediaType);
        Assert.Equal((HttpStatusCode)422, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("loc")[1].GetString() == "username" && e.GetProperty("type").GetString() == "string_pattern_mismatch");
        Assert.Contains(errors, e => e.GetProperty("loc")[1].GetString() == "password" && e.GetProperty("type").GetString() == "string_too_short");
        Assert.DoesNotContain("\"input\":\"short\"", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_gives_a_bearer_pair_and_answers_unknown_users_exactly_as_wrong_passwords()
    {
        await _chat.SignUpAsync("bob");

        var good = await _chat.Http.PostAsJsonAsync("api/auth/login", new { username = "bob", password = "correct horse" }, ChatHost.Json);
        var wrong = await _chat.Http.PostAsJsonAsync("api/auth/login", new { username = "bob", password = "wrong horse" }, ChatHost.Json);
        var unknown = await _chat.Http.PostAsJsonAsync("api/auth/login", new { username = "nobody", password = "wrong horse" }, ChatHost.Json);

        var pair = await good.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("bearer", pair.GetProperty("token_type").GetString());
        Assert.Equal(900, pair.GetProperty("expires_in").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(wrong.StatusCode, unknown.StatusCode);
        Assert.Equal(await wrong.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Past_five_failed_logins_a_minute_the_answer_is_429_with_retry_after()
    {
        await _chat.SignUpAsync("carl");
        for (var i = 0; i < 5; i++)
        {
            var failed = await _chat.Http.PostAsJsonAsync("api/auth/login", new { username = "carl", password = "wrong horse" }, ChatHost.Json);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        var limited = await _chat.Http.PostAsJsonAsync("api/auth/login", new { username = "carl", password = "correct horse" }, ChatHost.Json);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Refresh_rotates_and_reusing_a_rotated_token_revokes_the_whole_family()
    {
        var (_, first) = await _chat.SignUpAsync("dana");

        var rotated = await _chat.Http.PostAsJsonAsync("api/auth/refresh", new { refresh_token = first }, ChatHost.Json);
        var second = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token").GetString()!;
        var reuse = await _chat.Http.PostAsJsonAsync("api/auth/refresh", new { refresh_token = first }, ChatHost.Json);
        var newestAfterReuse = await _chat.Http.PostAsJsonAsync("api/auth/refresh", new { refresh_token = second }, ChatHost.Json);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, newestAfterReuse.StatusCode);
    }

    [Fact]
    public async Task Logout_revokes_the_family_and_sessions_are_listed_and_revoked_by_their_owner_only()
    {
        var (access, refresh) = await _chat.SignUpAsync("erin");
        var (otherAccess, _) = await _chat.SignUpAsync("fred");

        var sessions = await (await _chat.Http.SendAsync(ChatHost.Authorized(HttpMethod.Get, "api/auth/sessions", access))).Content.ReadFromJsonAsync<JsonElement>();
        var id = Assert.Single(sessions.EnumerateArray()).GetProperty("id").GetInt64();
        var foreign = await _chat.Http.SendAsync(ChatHost.Authorized(HttpMethod.Delete, $"api/auth/sessions/{id}", otherAccess));
        var logout = await _chat.Http.PostAsJsonAsync("api/auth/logout", new { refresh_token = refresh }, ChatHost.Json);
        var afterLogout = await _chat.Http.PostAsJsonAsync("api/auth/refresh", new { refresh_token = refresh }, ChatHost.Json);
        var left = await (await _chat.Http.SendAsync(ChatHost.Authorized(HttpMethod.Get, "api/auth/sessions", access))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
        Assert.Empty(left.EnumerateArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer not.a.jwt")]
    [InlineData("Basic YW5uOnB3")]
    [InlineData("Bearer eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiIxIiwibmFtZSI6ImFubiJ9.")]
    public async Task Authenticated_endpoints_answer_401_with_a_bearer_challenge_without_a_valid_token(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", authorization);
        }

        var response = await _chat.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_refresh_token_is_not_an_access_token()
    {
        var (_, refresh) = await _chat.SignUpAsync("gina");

        var response = await _chat.Http.SendAsync(ChatHost.Authorized(HttpMethod.Get, "api/me", refresh));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}