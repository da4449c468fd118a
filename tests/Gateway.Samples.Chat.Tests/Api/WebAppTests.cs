using System.Net;
using System.Net.Http.Headers;

using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Api;

/// <summary>How the web app's files are served (no browser needed): the index at <c>/</c>, the security headers,
/// compression and revalidation, beside the API.</summary>
public sealed class WebAppTests : IAsyncLifetime
{
    private ChatHost _host = null!;

    public async Task InitializeAsync() => _host = await ChatHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_index_is_served_at_the_root_with_a_strict_content_security_policy()
    {
        using var response = await _host.Http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"/js/main.js\"></script>", html, StringComparison.Ordinal);
        var policy = string.Join(",", response.Headers.GetValues("content-security-policy"));
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal(["nosniff"], response.Headers.GetValues("x-content-type-options"));
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task Every_file_the_index_loads_is_served_by_the_chat_itself()
    {
        var html = await _host.Http.GetStringAsync("/");
        var references = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"([^\"]+)\"").Select(match => match.Groups[1].Value).ToList();

        Assert.NotEmpty(references);
        foreach (var reference in references.Where(reference => !reference.StartsWith('#')))
        {
            Assert.StartsWith("/", reference, StringComparison.Ordinal);
            Assert.False(reference.StartsWith("//", StringComparison.Ordinal), reference);
            using var response = await _host.Http.GetAsync(reference.TrimStart('/'));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{reference}: {response.StatusCode}");
        }

        var main = await _host.Http.GetStringAsync("js/main.js");
        Assert.DoesNotContain("innerHTML", main, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scripts_are_compressed_and_revalidated_with_304()
    {
        using var first = new HttpRequestMessage(HttpMethod.Get, "js/chat.js");
        first.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var compressed = await _host.Http.SendAsync(first);
        var tag = compressed.Headers.ETag;

        using var again = new HttpRequestMessage(HttpMethod.Get, "js/chat.js");
        again.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        again.Headers.IfNoneMatch.Add(tag!);
        using var revalidated = await _host.Http.SendAsync(again);

        Assert.Equal(["gzip"], compressed.Content.Headers.ContentEncoding);
        Assert.Equal("text/javascript", compressed.Content.Headers.ContentType?.MediaType);
        Assert.True(tag?.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task The_chat_as_a_child_process_finds_its_files_beside_its_binary()
    {
        var data = Directory.CreateTempSubdirectory("chat-web-process-").FullName;
        try
        {
            await using var chat = await ChatProcess.StartAsync(data);

            using var response = await chat.Http.GetAsync("/");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.Contains("content-security-policy"));
            Assert.Contains("/js/main.js", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("api/me", HttpStatusCode.Unauthorized)]
    [InlineData("healthz", HttpStatusCode.OK)]
    [InlineData("openapi.json", HttpStatusCode.OK)]
    [InlineData("no-such-file.js", HttpStatusCode.NotFound)]
    public async Task The_api_and_the_other_routes_still_answer_beside_the_files(string path, HttpStatusCode expected)
    {
        using var response = await _host.Http.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
    }
}