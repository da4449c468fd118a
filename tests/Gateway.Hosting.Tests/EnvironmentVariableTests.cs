using System.Net;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Hosting.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "process environment";
}

/// <summary>Environment variables are process-wide, so this runs alone.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class EnvironmentVariableTests
{
    [Fact]
    public async Task Environment_variables_override_appsettings_json()
    {
        const string Variable = "Gateway__Server__Limits__MaxRequestBodySize";
        Environment.SetEnvironmentVariable(Variable, "3");
        try
        {
            using var test = new TestHost("""{ "Gateway": { "Server": { "Listen": "http://127.0.0.1:0", "Limits": { "MaxRequestBodySize": 100 } } } }""");
            test.Builder.Services.AddGateway(TestHost.Text("ok"));
            using var host = test.Builder.Build();
            await host.StartAsync().WaitAsync(TestHost.Timeout);
            using var client = new HttpClient { BaseAddress = new Uri(host.Services.GetRequiredService<GatewayHostedService>().Urls[0]) };

            var small = await client.PostAsync("/", new ByteArrayContent(new byte[3]));
            var large = await client.PostAsync("/", new ByteArrayContent(new byte[4]));
            await host.StopAsync().WaitAsync(TestHost.Timeout);

            Assert.Equal(HttpStatusCode.OK, small.StatusCode);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }
}