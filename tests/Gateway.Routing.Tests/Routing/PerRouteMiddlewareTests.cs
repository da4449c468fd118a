using Gateway.Testing;

namespace Gateway.Routing.Tests.Routing;

public class PerRouteMiddlewareTests
{
    [Fact]
    public async Task Each_route_gets_a_middleware_made_for_it_and_unmatched_paths_get_none()
    {
        var router = new Router();
        router.UseForEachRoute(route => next => async (scope, receive, send) =>
        {
            scope.State["template"] = route.Template.Text;
            await next(scope, receive, send);
        });
        router.MapGet("/users/{id:int}", async (scope, receive, send) =>
            await new TextResponse((string)scope.State["template"]!).Invoke(scope, receive, send));
        router.MapGroup("/api").MapGet("/rooms/{id:long}", async (scope, receive, send) =>
            await new TextResponse((string)scope.State["template"]!).Invoke(scope, receive, send));
        await using var client = new TestClient(router);

        Assert.Equal("/users/{id:int}", await client.GetStringAsync("/users/7"));
        Assert.Equal("/api/rooms/{id:long}", await client.GetStringAsync("/api/rooms/9"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/nothing")).StatusCode);
    }
}