using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Gateway.Testing.Tests;

public class RequestMappingTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Fact]
    public async Task Path_is_percent_decoded_while_raw_path_and_query_keep_the_bytes_sent()
    {
        var scope = await CaptureAsync(client => client.GetAsync("/caf%C3%A9/a%20b%2Fc?x=1&x=2&y=%20z"));

        Assert.Equal(ScopeType.Http, scope.Type);
        Assert.Equal("/café/a b/c", scope.Path);
        Assert.Equal("/caf%C3%A9/a%20b%2Fc", Encoding.ASCII.GetString(scope.RawPath.Span));
        Assert.Equal("x=1&x=2&y=%20z", Encoding.ASCII.GetString(scope.QueryString.Span));
        Assert.Equal(string.Empty, scope.RootPath);
    }

    [Fact]
    public async Task No_query_gives_an_empty_query_string_and_the_root_path_is_slash()
    {
        var scope = await CaptureAsync(client => client.GetAsync(string.Empty));

        Assert.Equal("/", scope.Path);
        Assert.Equal("/", Encoding.ASCII.GetString(scope.RawPath.Span));
        Assert.True(scope.QueryString.IsEmpty);
    }

    [Fact]
    public async Task Method_is_upper_case_and_scheme_and_version_come_from_the_request()
    {
        var scope = await CaptureAsync(client =>
            client.SendAsync(new HttpRequestMessage(new HttpMethod("purge"), "https://example.org/") { Version = HttpVersion.Version20 }));

        Assert.Equal("PURGE", scope.Method);
        Assert.Equal("https", scope.Scheme);
        Assert.Equal(HttpVersion.Version20, scope.HttpVersion);
    }

    [Fact]
    public async Task Host_is_added_from_the_uri_with_a_non_default_port()
    {
        var scope = await CaptureAsync(client => client.GetAsync("http://example.org:8080/x"));

        Assert.Equal("example.org:8080", scope.Headers.GetValue("host"));
        Assert.Equal("host", scope.Headers[0].NameString);
    }

    [Fact]
    public async Task Host_defaults_to_testserver_and_an_explicit_host_header_wins()
    {
        var byDefault = await CaptureAsync(client => client.GetAsync("/"));
        Assert.Equal("testserver", byDefault.Headers.GetValue("host"));

        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "api.example.org";
        var explicitHost = await CaptureAsync(client => client.SendAsync(request));
        Assert.Equal(["api.example.org"], Values(explicitHost.Headers, "host"));
    }

    [Fact]
    public async Task Request_and_content_headers_arrive_lower_case_with_duplicates_kept()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.Add("X-Trace", ["a", "b"]);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");

        var scope = await CaptureAsync(client => client.SendAsync(request));

        Assert.Equal(["a", "b"], Values(scope.Headers, "x-trace"));
        Assert.Equal("application/json", scope.Headers.GetValue("accept"));
        Assert.Equal("application/json; charset=utf-8", scope.Headers.GetValue("content-type"));
        Assert.Equal("2", scope.Headers.GetValue("content-length"));
        Assert.All(scope.Headers, header => Assert.Equal(header.NameString.ToLowerInvariant(), header.NameString));
        Assert.False(scope.Headers.Contains("transfer-encoding"));
    }

    [Fact]
    public async Task Content_of_unknown_length_is_sent_chunked_as_by_a_real_client()
    {
        using var content = new StreamContent(new NonSeekableStream(Encoding.ASCII.GetBytes("hello")));

        var scope = await CaptureAsync(client => client.PostAsync("/", content));

        Assert.Equal("chunked", scope.Headers.GetValue("transfer-encoding"));
        Assert.False(scope.Headers.Contains("content-length"));
    }

    [Fact]
    public async Task Default_request_headers_of_the_client_are_sent()
    {
        var scope = await CaptureAsync(client =>
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "token");
            return client.GetAsync("/");
        });

        Assert.Equal("Bearer token", scope.Headers.GetValue("authorization"));
    }

    [Fact]
    public async Task A_header_value_that_cannot_be_sent_fails_the_request()
    {
        await using var client = new TestClient(Apps.Text("unreachable"));
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("x-split", "a\u0001b");

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(request).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Endpoints_services_and_state_come_from_the_options()
    {
        var services = new ServiceProviderStub();
        var options = new TestClientOptions
        {
            Client = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 4567),
            Server = new IPEndPoint(IPAddress.Loopback, 8000),
            Services = services,
        };

        var scope = await CaptureAsync(client => client.GetAsync("/"), options);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 4567), scope.Client);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8000), scope.Server);
        Assert.Same(services, scope.Services);
        Assert.Empty(scope.State);
        Assert.False(scope.Aborted.IsCancellationRequested);
    }

    [Fact]
    public async Task Default_client_is_loopback_port_50000_and_server_is_unknown()
    {
        var scope = await CaptureAsync(client => client.GetAsync("/"));

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 50000), scope.Client);
        Assert.Null(scope.Server);
        Assert.Null(scope.Services);
    }

    [Fact]
    public async Task Root_path_is_taken_off_the_full_path()
    {
        var options = new TestClientOptions { RootPath = "/api/" };

        var scope = await CaptureAsync(client => client.GetAsync("/api/users/7?full=1"), options);
        var atRoot = await CaptureAsync(client => client.GetAsync("/api"), options);

        Assert.Equal("/api", scope.RootPath);
        Assert.Equal("/users/7", scope.Path);
        Assert.Equal("/api/users/7", Encoding.ASCII.GetString(scope.RawPath.Span));
        Assert.Equal("/", atRoot.Path);
    }

    [Fact]
    public async Task A_request_outside_the_root_path_fails_instead_of_reaching_the_app()
    {
        var reached = false;
        await using var client = new TestClient(
            (_, _, _) =>
            {
                reached = true;
                return ValueTask.CompletedTask;
            },
            new TestClientOptions { RootPath = "/api" });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/apiary").WaitAsync(Timeout));

        Assert.Contains("RootPath", failure.Message, StringComparison.Ordinal);
        Assert.False(reached);
    }

    [Fact]
    public async Task Every_capability_is_offered_by_default()
    {
        var scope = await CaptureAsync(client => client.GetAsync("/"));

        Assert.True(scope.Extensions.Has<IHttpResponseTrailersCapability>());
        Assert.True(scope.Extensions.Has<IHttpEarlyHintsCapability>());
        Assert.True(scope.Extensions.Has<IHttpResponseFileCapability>());
        Assert.False(scope.Extensions.Has<IWebSocketDenialResponseCapability>());
    }

    [Fact]
    public async Task Capabilities_switched_off_are_not_offered()
    {
        var options = new TestClientOptions { OfferTrailers = false, OfferEarlyHints = false, OfferResponseFile = false };

        var scope = await CaptureAsync(client => client.GetAsync("/"), options);

        Assert.Empty(scope.Extensions);
    }

    [Fact]
    public async Task Http_1_0_requests_are_not_offered_what_the_client_could_not_receive()
    {
        var scope = await CaptureAsync(client => client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/") { Version = HttpVersion.Version10 }));

        Assert.False(scope.Extensions.Has<IHttpResponseTrailersCapability>());
        Assert.False(scope.Extensions.Has<IHttpEarlyHintsCapability>());
        Assert.True(scope.Extensions.Has<IHttpResponseFileCapability>());
    }

    [Fact]
    public void Invalid_options_are_rejected_when_the_client_is_created()
    {
        Assert.Throws<ArgumentException>(() => new TestClient(Apps.Text("x"), new TestClientOptions { RootPath = "api" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TestClient(Apps.Text("x"), new TestClientOptions { MaxChunkSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TestClient(Apps.Text("x"), new TestClientOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TestClient(Apps.Text("x"), new TestClientOptions { Timeout = TimeSpan.FromDays(100) }));
        using var infinite = new TestClient(Apps.Text("x"), new TestClientOptions { Timeout = System.Threading.Timeout.InfiniteTimeSpan });
    }

    private static async Task<Scope> CaptureAsync(Func<HttpClient, Task<HttpResponseMessage>> send, TestClientOptions? options = null)
    {
        var scope = new TaskCompletionSource<Scope>();
        await using var client = new TestClient(Apps.CaptureScope(scope), options);
        using var response = await send(client).WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return await scope.Task;
    }

    private static List<string> Values(Headers headers, string name)
    {
        var values = new List<string>();
        foreach (var value in headers.GetValues(Encoding.ASCII.GetBytes(name)))
        {
            values.Add(Encoding.Latin1.GetString(value.Span));
        }

        return values;
    }

    private sealed class ServiceProviderStub : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    /// <summary>A stream whose length cannot be known in advance, as a network or generated body.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}