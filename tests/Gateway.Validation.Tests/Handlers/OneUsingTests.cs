using System.Reflection;

using Gateway.Routing;

namespace Gateway.Validation.Tests.Handlers;

/// <summary>What an app needs is in <c>Gateway.Routing</c>: the handler Map* extensions sit beside the router's own,
/// with the attributes, options and WebSocket types handlers use; names that collided or duplicated are gone.</summary>
public class OneUsingTests
{
    private static readonly Assembly Routing = typeof(Router).Assembly;
    private static readonly Assembly Validation = typeof(HandlerEndpoint).Assembly;

    [Theory]
    [InlineData(typeof(HandlerRouteExtensions))]
    [InlineData(typeof(OpenApiRouteExtensions))]
    [InlineData(typeof(HandlerOptions))]
    [InlineData(typeof(WebSocketConnection))]
    [InlineData(typeof(WebSocketValidationException))]
    [InlineData(typeof(FromBodyAttribute))]
    [InlineData(typeof(FromQueryAttribute))]
    [InlineData(typeof(FromHeaderAttribute))]
    [InlineData(typeof(FromCookieAttribute))]
    [InlineData(typeof(FromFormAttribute))]
    [InlineData(typeof(FromServicesAttribute))]
    [InlineData(typeof(FromPathAttribute))]
    [InlineData(typeof(Request))]
    [InlineData(typeof(Results))]
    public void Handler_api_types_live_in_gateway_routing(Type type) => Assert.Equal("Gateway.Routing", type.Namespace);

    [Fact]
    public void No_type_is_named_host_and_the_second_response_system_is_gone()
    {
        var types = Routing.GetExportedTypes().Concat(Validation.GetExportedTypes()).ToArray();

        Assert.DoesNotContain(types, t => t.Name == "Host");
        Assert.Contains(types, t => t.Name == "HostRoute");
        Assert.DoesNotContain(types, t => t.Name is "IHandlerResult" or "JsonResponses" or "ProblemResponses" or "TextValues");
        Assert.Single(Routing.GetTypes().Concat(Validation.GetTypes()), t => t.Name == "MediaTypes");
        Assert.Single(types, t => t.Name == "Results");
    }

    [Fact]
    public void Every_results_factory_returns_a_routing_response()
    {
        var factories = typeof(Results).GetMethods(BindingFlags.Public | BindingFlags.Static);

        Assert.NotEmpty(factories);
        Assert.All(factories, m => Assert.Equal(typeof(Response), m.ReturnType));
    }
}