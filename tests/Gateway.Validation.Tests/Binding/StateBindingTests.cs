using System.Net;

using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Validation.Tests.Binding;

public class StateBindingTests
{
    private sealed record Caller(string Name);

    // What an authentication middleware does: store the caller for this request, then go on.
    private static Middleware Authenticate => next => (scope, receive, send) =>
    {
        if (scope.Headers.GetValue("x-user") is { } name)
        {
            scope.State["caller"] = new Caller(name);
        }

        return next(scope, receive, send);
    };

    [Fact]
    public async Task A_value_a_middleware_stored_binds_by_name_and_is_absent_from_openapi()
    {
        var router = new Router();
        var api = router.MapGroup("/api").Use(Authenticate);
        api.MapGet("/me", ([FromState] Caller caller) => caller.Name);
        api.MapGet("/maybe", ([FromState("caller")] Caller? who) => who?.Name ?? "anonymous");
        await using var client = new TestClient(router);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("x-user", "ann");
        Assert.Equal("ann", await (await client.SendAsync(request).WaitAsync(Api.Timeout)).Content.ReadAsStringAsync());
        Assert.Equal("anonymous", await client.GetStringAsync("/api/maybe").WaitAsync(Api.Timeout));
        Assert.DoesNotContain("caller", router.GenerateOpenApiDocument(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_required_value_the_middleware_did_not_store_is_a_500_problem()
    {
        var router = new Router();
        router.MapGroup("/api").Use(Authenticate).MapGet("/me", ([FromState] Caller caller) => caller.Name);
        await using var client = new TestClient(router);

        var response = await client.GetAsync("/api/me").WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}