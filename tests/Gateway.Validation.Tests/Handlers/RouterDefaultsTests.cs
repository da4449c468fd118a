using System.Net;
using System.Text;
using System.Text.Json;

using Gateway.Routing;
using Gateway.Testing;

using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Validation.Tests.Handlers;

/// <summary>Router-wide handler defaults (<see cref="RouterOptions"/>), a handler's own (<see cref="HandlerOptions"/>
/// through the Map* options overload), and services bound by convention when the container knows the type.</summary>
public class RouterDefaultsTests
{
    private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Fact]
    public async Task A_class_registered_in_the_container_binds_as_a_service_by_convention()
    {
        var services = new ServiceCollection().AddSingleton<Clock>().BuildServiceProvider();
        var router = new Router(new RouterOptions { Services = services });
        router.MapGet("/", (Clock clock) => clock.Now);
        await using var client = new TestClient(router, new TestClientOptions { Services = services });

        var response = await client.GetAsync("/").WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("42", await response.Content.ReadAsStringAsync());
        var endpoint = Assert.Single(router.GetRoutes()).Metadata.OfType<HandlerEndpoint>().Single();
        Assert.Equal(ParameterSource.Services, endpoint.Parameters[0].Source);
    }

    [Fact]
    public async Task The_same_class_not_registered_is_the_json_body()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var router = new Router(new RouterOptions { Services = services });
        router.MapPost("/", (Clock clock) => clock.Now);
        await using var client = new TestClient(router, new TestClientOptions { Services = services });

        var response = await client.PostJsonAsync("/", """{"now":7}""");

        Assert.Equal("7", await response.Content.ReadAsStringAsync());
        var endpoint = Assert.Single(router.GetRoutes()).Metadata.OfType<HandlerEndpoint>().Single();
        Assert.Equal(ParameterSource.Body, endpoint.Parameters[0].Source);
    }

    [Fact]
    public async Task Router_json_options_apply_to_body_binding_values_and_results_ok_and_created()
    {
        var router = new Router(new RouterOptions { JsonOptions = SnakeCase });
        router.MapPost("/echo", (Shipment shipment) => shipment);
        router.MapPost("/created", (Shipment shipment) => Results.Created("/s/1", shipment));
        router.MapGet("/ok", () => Results.Ok(new Shipment("a", 2)));
        router.MapGet("/stream", () => Shipments());
        await using var client = new TestClient(router);

        var echo = await client.PostJsonAsync("/echo", """{"tracking_code":"x1","item_count":3}""");
        var created = await client.PostJsonAsync("/created", """{"tracking_code":"x2","item_count":4}""");
        var ok = await client.GetStringAsync("/ok").WaitAsync(Api.Timeout);
        var stream = await client.GetStringAsync("/stream").WaitAsync(Api.Timeout);

        Assert.Equal("""{"tracking_code":"x1","item_count":3}""", await echo.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("""{"tracking_code":"x2","item_count":4}""", await created.Content.ReadAsStringAsync());
        Assert.Equal("""{"tracking_code":"a","item_count":2}""", ok);
        Assert.Equal("""[{"tracking_code":"s","item_count":1}]""", stream);
    }

    [Fact]
    public async Task Router_json_options_name_the_fields_of_422_errors()
    {
        var router = new Router(new RouterOptions { JsonOptions = SnakeCase });
        router.MapPost("/", (Shipment shipment) => shipment);
        await using var client = new TestClient(router);

        var errors = await (await client.PostJsonAsync("/", """{"tracking_code":"x"}""")).ErrorsAsync();

        Assert.Equal("missing", errors.Find("body.item_count").Type());
    }

    [Fact]
    public async Task Handler_options_through_the_map_overload_replace_the_routers_json_options_for_that_handler()
    {
        var router = new Router();
        router.MapPost("/snake", (Shipment shipment) => Results.Ok(shipment), new HandlerOptions { JsonOptions = SnakeCase });
        router.MapPost("/camel", (Shipment shipment) => Results.Ok(shipment));
        await using var client = new TestClient(router);

        var snake = await client.PostJsonAsync("/snake", """{"tracking_code":"s","item_count":1}""");
        var camel = await client.PostJsonAsync("/camel", """{"trackingCode":"c","itemCount":2}""");

        Assert.Equal("""{"tracking_code":"s","item_count":1}""", await snake.Content.ReadAsStringAsync());
        Assert.Equal("""{"trackingCode":"c","itemCount":2}""", await camel.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Router_and_handler_body_limits_answer_413_problems()
    {
        var router = new Router(new RouterOptions { MaxBodySize = 32 });
        router.MapPost("/router", (Shipment shipment) => shipment.ItemCount);
        router.MapPost("/handler", (Shipment shipment) => shipment.ItemCount, new HandlerOptions { MaxBodySize = 64 });
        await using var client = new TestClient(router);
        var body = """{"trackingCode":"0123456789012345678901234567","itemCount":1}""";
        Assert.InRange(Encoding.UTF8.GetByteCount(body), 33, 64);

        var overRouter = await client.PostJsonAsync("/router", body);
        var underHandler = await client.PostJsonAsync("/handler", body);
        var overHandler = await client.PostJsonAsync("/handler", body.Replace("0123", "0123456789012345678901234567890123", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overRouter.StatusCode);
        Assert.Equal("application/problem+json", overRouter.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, underHandler.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overHandler.StatusCode);
    }

    [Fact]
    public async Task Every_map_method_has_the_options_overload()
    {
        var options = new HandlerOptions { JsonOptions = SnakeCase };
        var router = new Router();
        router.MapGet("/", () => new Shipment("g", 1), options);
        router.MapPost("/", () => new Shipment("p", 1), options);
        router.MapPut("/", () => new Shipment("u", 1), options);
        router.MapPatch("/", () => new Shipment("a", 1), options);
        router.MapDelete("/", () => new Shipment("d", 1), options);
        router.MapHandler("/other", ["OPTIONS"], () => new Shipment("o", 1), options);
        await using var client = new TestClient(router);

        foreach (var (method, path, code) in new[] { ("GET", "/", "g"), ("POST", "/", "p"), ("PUT", "/", "u"), ("PATCH", "/", "a"), ("DELETE", "/", "d"), ("OPTIONS", "/other", "o") })
        {
            using var message = new HttpRequestMessage(new HttpMethod(method), path);
            var response = await client.SendAsync(message).WaitAsync(Api.Timeout);
            Assert.Equal($$"""{"tracking_code":"{{code}}","item_count":1}""", await response.Content.ReadAsStringAsync());
        }
    }

    private static async IAsyncEnumerable<Shipment> Shipments()
    {
        await Task.Yield();
        yield return new Shipment("s", 1);
    }

    public sealed record Shipment(string TrackingCode, int ItemCount);

    public sealed class Clock
    {
        public int Now { get; set; } = 42;
    }
}