using System.Net;
using System.Reflection;

using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Validation.Tests.Handlers;

#if !GATEWAY_NO_REFLECTION
// HandlerEndpoint.Create plans a handler by reflection: not in an app that cannot reflect.
public class HandlerEndpointTests
{
    [Fact]
    public async Task An_endpoint_runs_without_a_router_reading_path_values_a_middleware_set()
    {
        var endpoint = HandlerEndpoint.Create((int id, string? q) => $"{id}:{q}", pathParameters: ["id"]);
        GatewayApp app = (scope, receive, send) => endpoint.App(scope with { PathParameters = PathParameters.Create(new KeyValuePair<string, object>("id", "5")) }, receive, send);
        await using var client = new TestClient(app);

        Assert.Equal("5:x", await client.GetStringAsync("/?q=x").WaitAsync(Api.Timeout));
    }

    [Fact]
    public void The_description_lists_each_parameter_source_requiredness_and_default()
    {
        var endpoint = HandlerEndpoint.Create(
            (int id, CreateUser user, IUserStore store, CancellationToken aborted, [FromHeader] string? trace, int limit = 10) => user,
            pathParameters: ["id"]);

        Assert.Equal(
            [("id", ParameterSource.Path, true), ("user", ParameterSource.Body, true), ("store", ParameterSource.Services, true), ("aborted", ParameterSource.Special, true), ("trace", ParameterSource.Header, false), ("limit", ParameterSource.Query, false)],
            endpoint.Parameters.Select(p => (p.Name, p.Source, p.IsRequired)));
        Assert.Equal(10, endpoint.Parameters[^1].DefaultValue);
        Assert.True(endpoint.Parameters[4].IsNullable);
        Assert.Equal([new ProducesResponse(200, typeof(CreateUser), "application/json")], endpoint.Responses);
    }

    [Fact]
    public async Task A_method_with_a_target_is_a_handler_and_a_string_result_is_plain_text()
    {
        var greeter = new Greeter("hello");
        var endpoint = HandlerEndpoint.CreateFromMethod(typeof(Greeter).GetMethod(nameof(Greeter.Greet))!, greeter);
        await using var client = new TestClient(endpoint.App);

        var response = await client.GetAsync("/?name=ann").WaitAsync(Api.Timeout);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("hello ann", await response.Content.ReadAsStringAsync());
        Assert.Equal([new ProducesResponse(200, null, "text/plain")], endpoint.Responses);
    }

    [Fact]
    public void Parameters_that_cannot_come_from_their_source_are_refused_at_registration()
    {
        var complexQuery = Assert.Throws<InvalidOperationException>(() => HandlerEndpoint.Create(([FromQuery] CreateUser user) => user));
        var bodyAndForm = Assert.Throws<InvalidOperationException>(() => HandlerEndpoint.Create((CreateUser user, [FromForm] string name) => name));

        Assert.Contains("user", complexQuery.Message, StringComparison.Ordinal);
        Assert.Contains("one body", bodyAndForm.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HandlerEndpoint.Create(() => 1, new HandlerOptions { MaxBodySize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => HandlerEndpoint.Create(() => 1, new HandlerOptions { MaxDepth = 0 }));
        Assert.Throws<ArgumentNullException>(() => HandlerEndpoint.CreateFromMethod(typeof(Greeter).GetMethod(nameof(Greeter.Greet))!, null));
    }

    [Fact]
    public async Task A_request_that_ends_its_body_early_is_a_client_disconnect()
    {
        var endpoint = HandlerEndpoint.Create((CreateUser user) => user);
        var messages = new Queue<Message>([new HttpRequest("{\"na"u8.ToArray(), moreBody: true), HttpDisconnect.Instance]);
        var scope = new Scope { Type = ScopeType.Http, Method = "POST", Headers = Headers.Create([new Header("content-type", "application/json")]) };

        await Assert.ThrowsAsync<ClientDisconnectedException>(async () =>
            await endpoint.App(scope, _ => ValueTask.FromResult(messages.Dequeue()), (_, _) => ValueTask.CompletedTask));
    }

    private sealed class Greeter(string greeting)
    {
        public string Greet(string name) => $"{greeting} {name}";
    }
}
#endif
