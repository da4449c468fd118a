using System.Net;

namespace Gateway.Routing.Tests.Middleware;

public class CorsMiddlewareTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    private static TestClient Client(CorsOptions options) =>
        new(Apps.Text("data").WithMiddleware(CorsMiddleware.Create(options)));

    private static HttpRequestMessage Preflight(string origin, string method, string? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/");
        request.Headers.Add("origin", origin);
        request.Headers.Add("access-control-request-method", method);
        if (headers is not null)
        {
            request.Headers.Add("access-control-request-headers", headers);
        }

        return request;
    }

    [Fact]
    public async Task An_allowed_preflight_is_answered_with_methods_headers_and_max_age()
    {
        await using var client = Client(new CorsOptions
        {
            AllowedOrigins = ["https://app.example"],
            AllowedMethods = ["GET", "POST"],
            AllowedHeaders = ["x-token"],
            AllowCredentials = true,
            MaxAge = TimeSpan.FromSeconds(600),
        });
        using var request = Preflight("https://app.example", "POST", "X-Token, Content-Type");

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://app.example", response.Headers.GetValues("access-control-allow-origin").Single());
        Assert.Equal("GET, POST", response.Headers.GetValues("access-control-allow-methods").Single());
        Assert.Contains("x-token", response.Headers.GetValues("access-control-allow-headers").Single(), StringComparison.Ordinal);
        Assert.Equal("600", response.Headers.GetValues("access-control-max-age").Single());
        Assert.Equal("true", response.Headers.GetValues("access-control-allow-credentials").Single());
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Theory]
    [InlineData("https://evil.example", "GET", null, "origin")]
    [InlineData("https://app.example", "DELETE", null, "method")]
    [InlineData("https://app.example", "GET", "x-other", "headers")]
    public async Task A_disallowed_preflight_is_a_400_naming_what_was_refused(string origin, string method, string? headers, string refused)
    {
        await using var client = Client(new CorsOptions { AllowedOrigins = ["https://app.example"], AllowedMethods = ["GET"] });
        using var request = Preflight(origin, method, headers);

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(refused, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simple_requests_from_allowed_origins_get_the_origin_and_exposed_headers()
    {
        await using var client = Client(new CorsOptions { AllowedOrigins = ["*"], ExposedHeaders = ["x-total"] });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("origin", "https://any.example");

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal("data", await response.Content.ReadAsStringAsync());
        Assert.Equal("*", response.Headers.GetValues("access-control-allow-origin").Single());
        Assert.Equal("x-total", response.Headers.GetValues("access-control-expose-headers").Single());
    }

    [Fact]
    public async Task Requests_without_origin_or_from_other_origins_are_untouched()
    {
        await using var client = Client(new CorsOptions { AllowedOrigins = ["https://app.example"] });
        using var other = new HttpRequestMessage(HttpMethod.Get, "/");
        other.Headers.Add("origin", "https://evil.example");

        using var plain = await client.GetAsync("/").WaitAsync(Timeout);
        using var foreign = await client.SendAsync(other).WaitAsync(Timeout);

        Assert.False(plain.Headers.Contains("access-control-allow-origin"));
        Assert.False(foreign.Headers.Contains("access-control-allow-origin"));
        Assert.Equal("data", await foreign.Content.ReadAsStringAsync());
    }

    [Fact]
    public void A_wildcard_origin_with_credentials_is_refused_at_configuration_time()
    {
        Assert.Throws<ArgumentException>(() => CorsMiddleware.Create(new CorsOptions { AllowedOrigins = ["*"], AllowCredentials = true }));
    }
}