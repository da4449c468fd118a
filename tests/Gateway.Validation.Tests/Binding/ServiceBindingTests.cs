using Gateway.Routing;
using Gateway.Testing;

using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Validation.Tests.Binding;

public class ServiceBindingTests
{
    [Fact]
    public async Task Services_bind_by_attribute_or_convention_from_one_scope_per_request_disposed_afterwards()
    {
        var created = new List<UserStore>();
        var services = new ServiceCollection()
            .AddScoped(_ =>
            {
                var store = new UserStore();
                lock (created)
                {
                    created.Add(store);
                }

                return store;
            })
            .AddScoped<IUserStore>(p => p.GetRequiredService<UserStore>())
            .BuildServiceProvider();
        await using var client = Api.Client(
            r => r.MapGet("/", (IUserStore byConvention, [FromServices] UserStore byAttribute) => byConvention.InstanceId == byAttribute.InstanceId),
            new TestClientOptions { Services = services });

        Assert.Equal("true", await client.GetStringAsync("/").WaitAsync(Api.Timeout));
        Assert.Equal("true", await client.GetStringAsync("/").WaitAsync(Api.Timeout));

        Assert.Equal(2, created.Count);
        Assert.NotEqual(created[0].InstanceId, created[1].InstanceId);
        Assert.All(created, store => Assert.True(store.Disposed));
    }

    [Fact]
    public async Task A_service_parameter_decided_by_the_registered_provider_at_registration()
    {
        var services = new ServiceCollection().AddSingleton(new UserStore()).BuildServiceProvider();
        var router = new Gateway.Routing.Router();
        router.MapHandler("/", ["GET"], (UserStore store) => store.Users.Count, new HandlerOptions { Services = services });
        await using var client = new TestClient(router, new TestClientOptions { Services = services });

        Assert.Equal("0", await client.GetStringAsync("/").WaitAsync(Api.Timeout));
    }

    [Fact]
    public async Task An_optional_service_that_is_not_registered_is_null_and_a_required_one_fails_the_request()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        await using var client = Api.Client(
            r =>
            {
                r.MapGet("/optional", ([FromServices] IUserStore? store) => store is null);
                r.MapGet("/required", (IUserStore store) => store.Users.Count);
            },
            new TestClientOptions { Services = services });

        Assert.Equal("true", await client.GetStringAsync("/optional").WaitAsync(Api.Timeout));
        var failed = await client.GetAsync("/required").WaitAsync(Api.Timeout);
        Assert.Equal(500, (int)failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("IUserStore", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}