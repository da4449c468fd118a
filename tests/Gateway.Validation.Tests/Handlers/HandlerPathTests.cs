using System.ComponentModel.DataAnnotations;
using System.Net;

using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Validation.Tests.Handlers;

/// <summary>
/// Which path planned the handlers. These files compile twice (see <see cref="Api.ReflectionPath"/>): here every Map*
/// shape the generator supports must have been intercepted, and in the Reflection project none may be, so the two runs of
/// the suite really compare the generated path with the reflection one.
/// </summary>
public class HandlerPathTests
{
    private static bool Generated => !Api.ReflectionPath;

    public enum Size
    {
        Small,
        Large,
    }

    private static string Describe(int id, Size size = Size.Large, [Range(1, 5)] int page = 1) => $"{id}:{size}:{page}";

    [Fact]
    public void Every_map_method_with_a_lambda_or_method_group_takes_the_build_s_path()
    {
        var router = new Router();
        RouteBuilder[] routes =
        [
            router.MapGet("/get/{id:int}", (int id, string? q) => $"{id}{q}"),
            router.MapGet("/options", () => 1, new HandlerOptions { MaxDepth = 4 }),
            router.MapPost("/post", (CreateUser user) => user),
            router.MapPut("/put/{id}", async (Guid id, CreateUser user, CancellationToken aborted) => { await Task.Yield(); return user.Name; }),
            router.MapPatch("/patch", (Request request) => Results.Text(request.Method)),
            router.MapDelete("/delete/{id:int}", (int id) => { }),
            router.MapHandler("/many", [HttpMethods.Get, HttpMethods.Post], Describe),
            router.MapWebSocket("/ws", async (WebSocketConnection socket) => await socket.AcceptAsync()),
        ];

        foreach (var route in routes)
        {
            var endpoint = Assert.Single(route.Metadata.OfType<HandlerEndpoint>());
            Assert.Equal(Generated, endpoint.IsGenerated);
        }
    }

#if !GATEWAY_NO_REFLECTION
    // A delegate value is planned by reflection: not in an app that cannot reflect.
    [Fact]
    public void A_handler_passed_as_a_delegate_value_stays_on_the_reflection_path()
    {
        Delegate handler = (int id) => id;
        var route = new Router().MapGet("/{id:int}", handler);

        Assert.False(Assert.Single(route.Metadata.OfType<HandlerEndpoint>()).IsGenerated);
    }
#endif

    [Fact]
    public async Task A_method_group_with_defaults_and_an_enum_binds_alike_on_both_paths()
    {
        await using var client = Api.Client(r => r.MapHandler("/d/{id:int}", [HttpMethods.Get], Describe));

        Assert.Equal("7:Large:1", await client.GetStringAsync("/d/7").WaitAsync(Api.Timeout));
        Assert.Equal("7:Small:3", await client.GetStringAsync("/d/7?size=Small&page=3").WaitAsync(Api.Timeout));
        var error = await (await client.GetAsync("/d/7?page=9").WaitAsync(Api.Timeout)).ErrorAsync();
        Assert.Equal("query.page", error.Loc());
        Assert.Equal("less_than_equal", error.Type());
    }

    [Fact]
    public async Task Lambda_defaults_named_attributes_and_nullable_parameters_bind_alike_on_both_paths()
    {
        await using var client = Api.Client(r => r.MapGet(
            "/l",
            ([FromQuery(Name = "n")] int number = 5, [FromHeader] string? trace = null, double? ratio = 0.5, decimal price = 1.25m) =>
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{number}|{trace}|{ratio}|{price}")));

        Assert.Equal("5||0.5|1.25", await client.GetStringAsync("/l").WaitAsync(Api.Timeout));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/l?n=2&ratio=1.5&price=3");
        request.Headers.Add("trace", "t");
        var response = await client.SendAsync(request).WaitAsync(Api.Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2|t|1.5|3", await response.Content.ReadAsStringAsync());
        Assert.Equal("query.n", (await (await client.GetAsync("/l?n=x").WaitAsync(Api.Timeout)).ErrorAsync()).Loc());
    }
}
