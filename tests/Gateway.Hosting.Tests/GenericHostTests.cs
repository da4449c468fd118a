using System.Net;
using System.Net.Sockets;

using Gateway.Server;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Hosting.Tests;

public sealed class GenericHostTests
{
    [Fact]
    public async Task A_generic_host_serves_the_app_with_options_from_appsettings_json_and_the_hosts_logging()
    {
        using var test = new TestHost("""
            { "Gateway": { "Server": { "Listen": [ "http://127.0.0.1:0" ], "Limits": { "MaxRequestBodySize": 10 }, "ShutdownTimeout": 5 } } }
            """);
        test.Builder.Services.AddSingleton(new Greeting("from DI"));
        test.Builder.Services.AddGateway(services => TestHost.Text(services.GetRequiredService<Greeting>().Text));
        using var host = test.Builder.Build();

        await host.StartAsync().WaitAsync(TestHost.Timeout);
        var url = Assert.Single(host.Services.GetRequiredService<GatewayHostedService>().Urls);
        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TestHost.Timeout };
        var small = await client.PostAsync("/", new ByteArrayContent(new byte[10]));
        var large = await client.PostAsync("/", new ByteArrayContent(new byte[11]));
        await host.StopAsync().WaitAsync(TestHost.Timeout);

        Assert.Equal("from DI", await small.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayServerOptions>>().Value.ShutdownTimeout);
        Assert.Contains(test.Logs.Entries, e => e.Category == "Gateway.Server" && e.Message == $"Gateway server listening on {url}");
        Assert.Contains(test.Logs.Entries, e => e.Category == "Gateway.Server" && e.Message == "Gateway server stopped");
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/"));
    }

    [Fact]
    public async Task Code_configures_after_configuration_and_the_plain_app_overload_serves()
    {
        using var test = new TestHost(settings: new Dictionary<string, string?> { ["Gateway:Server:Listen"] = "http://127.0.0.1:1" });
        test.Builder.Services.AddGateway(_ => TestHost.Text("code"), options =>
        {
            Assert.Single(options.Listen);
            options.ListenLocalhost(0);
        });
        using var host = test.Builder.Build();
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayServerOptions>>().Value;

        Assert.Equal(["http://127.0.0.1:1", "http://127.0.0.1:0"], options.Listen.Select(l => l.ToString()));
    }

    [Theory]
    [InlineData("Gateway:Server:Limits:MaxRequestLineSize", "big", "Gateway:Server:Limits:MaxRequestLineSize")]
    [InlineData("Gateway:Server:Limits:MaxBodySize", "10", "Gateway:Server:Limits:MaxBodySize' is not a Gateway server setting")]
    [InlineData("Gateway:Server:Limits:MaxRequestHeaderCount", "0", "Gateway:Server:Limits:MaxRequestHeaderCount is invalid")]
    [InlineData("Gateway:Server:ShutdownTimeout", "soon", "Gateway:Server:ShutdownTimeout")]
    [InlineData("Gateway:Server:Listen", "ftp://127.0.0.1:21", "Gateway:Server:Listen")]
    [InlineData("Gateway:Server:Listen", "http://127.0.0.1", "needs a port")]
    [InlineData("Gateway:Server:Listen", "https://127.0.0.1:0", "needs a certificate: set Gateway:Server:Listen:Certificate:Path")]
    public async Task An_invalid_setting_fails_the_host_with_one_message_that_names_the_key(string key, string value, string expected)
    {
        using var test = new TestHost(settings: new Dictionary<string, string?> { [key] = value });
        test.Builder.Services.AddGateway(TestHost.Text("never"));
        using var host = test.Builder.Build();

        var failure = await Assert.ThrowsAsync<GatewayStartException>(() => host.StartAsync().WaitAsync(TestHost.Timeout));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.StartsWith("The Gateway server ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_port_fails_the_host_with_one_message_naming_the_address()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var test = new TestHost(settings: new Dictionary<string, string?> { ["Gateway:Server:Listen:0"] = $"http://127.0.0.1:{port}" });
        test.Builder.Services.AddGateway(TestHost.Text("never"));
        using var host = test.Builder.Build();

        var failure = await Assert.ThrowsAsync<GatewayStartException>(() => host.StartAsync().WaitAsync(TestHost.Timeout));

        Assert.Contains($"could not start listening on http://127.0.0.1:{port}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("in use", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(host.Services.GetRequiredService<GatewayHostedService>().Server);
    }

    [Fact]
    public async Task A_certificate_that_does_not_load_fails_the_host_with_one_message()
    {
        using var test = new TestHost(settings: new Dictionary<string, string?>
        {
            ["Gateway:Server:Listen:0:Url"] = "https://127.0.0.1:0",
            ["Gateway:Server:Listen:0:Certificate:Path"] = "/nonexistent/gateway-test.pfx",
        });
        test.Builder.Services.AddGateway(TestHost.Text("never"));
        using var host = test.Builder.Build();

        var failure = await Assert.ThrowsAsync<GatewayStartException>(() => host.StartAsync().WaitAsync(TestHost.Timeout));

        Assert.Contains("could not start listening on https://127.0.0.1:0", failure.Message, StringComparison.Ordinal);
        Assert.NotNull(failure.InnerException);
    }

    private sealed record Greeting(string Text);
}