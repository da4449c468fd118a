namespace Gateway.Validation.Generators.Tests;

/// <summary>The emitted interceptors of representative handlers, compared with Snapshots/*.g.cs exactly; every one must
/// also compile without a warning, as consumers build with warnings as errors.</summary>
public class SnapshotTests
{
    private const string Models = """

        public sealed record CreateUser([Required, StringLength(50, MinimumLength = 1)] string Name, [Range(0, 150)] int Age);

        public interface IUserStore
        {
            Task<CreateUser> AddAsync(CreateUser user, CancellationToken cancellationToken);
        }

        public enum Sort
        {
            Name,
            Age,
        }

        """;

    [Fact]
    public void Path_query_and_header_values_with_defaults_nullability_and_validation()
    {
        var run = Generate("""
            public static class App
            {
                public static void Map(Router router) =>
                    router.MapGet("/items/{id:int}", (int id, string? q, [FromHeader(Name = "X-Trace")] string? trace, [Range(1, 100)] int limit = 10, Sort sort = Sort.Age, decimal? min = 1.5m) => $"{id}{q}{trace}{limit}{sort}{min}");
            }
            """);

        GeneratorHarness.MatchSnapshot("PathQueryHeader", run);
    }

    [Fact]
    public void An_async_body_and_services_handler_with_options()
    {
        var run = Generate("""
            public static class App
            {
                public static void Map(Router router) =>
                    router.MapPost("/users", async (CreateUser user, IUserStore store, CancellationToken aborted) => await store.AddAsync(user, aborted), new HandlerOptions { MaxBodySize = 1024 });
            }
            """);

        GeneratorHarness.MatchSnapshot("BodyServicesOptions", run);
    }

    [Fact]
    public void Method_groups_static_and_instance_returning_nothing_or_a_response()
    {
        var run = Generate("""
            public sealed class Items
            {
                public static void Delete(int id, Request request)
                {
                }

                public Response Show([FromPath] string name, [FromCookie] string? session = null) => Results.Text(name + session);
            }

            public static class App
            {
                public static void Map(Router router, Items items)
                {
                    router.MapDelete("/items/{id:int}", Items.Delete);
                    router.MapPut("/items/{name}", items.Show);
                }
            }
            """);

        GeneratorHarness.MatchSnapshot("MethodGroups", run);
    }

    [Fact]
    public void Calls_with_one_signature_share_an_interceptor_and_map_handler_and_websocket_are_intercepted()
    {
        var run = Generate("""
            public static class App
            {
                public static void Map(Router router)
                {
                    router.MapGet("/a", (int page) => page);
                    router.MapGet("/b", (int page) => page * 2);
                    router.MapHandler("/c", [HttpMethods.Get, HttpMethods.Post], (int page) => page);
                    router.MapWebSocket("/ws", async (WebSocketConnection socket, [FromQuery] string room) => await socket.AcceptAsync());
                }
            }
            """);

        GeneratorHarness.MatchSnapshot("SharedAndWebSocket", run);
    }

    [Fact]
    public void A_handler_cast_to_its_own_delegate_type_is_cast_to_that_type()
    {
        var run = Generate("""
            public delegate string Lookup(int id, string? q);

            public static class App
            {
                public static void Map(Router router) => router.MapGet("/items/{id:int}", (Lookup)((id, q) => $"{id}{q}"));
            }
            """);

        Assert.Contains("var __typed = (global::Lookup)__handler;", run, StringComparison.Ordinal);
        Assert.DoesNotContain("Cast(", run, StringComparison.Ordinal);
    }

    [Fact]
    public void Body_models_of_every_shape_response_types_and_websocket_messages()
    {
        var run = Generate("""
            public sealed record Address([Required] string City, [StringLength(10)] string? Postcode = null);

            public sealed record Node(string Name, List<Node>? Children = null);

            public sealed class Order
            {
                public required string Id { get; init; }

                [System.Text.Json.Serialization.JsonPropertyName("lines")]
                [MaxLength(3)]
                public List<string?> Items { get; set; } = [];

                public HashSet<Sort>? Sorts { get; set; }

                public IReadOnlyDictionary<string, Address>? Shipping { get; init; }

                public int[] Quantities { get; set; } = [];

                public Node? Tree { get; set; }

                [System.Text.Json.Serialization.JsonIgnore]
                public string Ignored { get; set; } = "";

                public decimal Total { get; private set; }
            }

            public struct Point
            {
                public int X { get; set; }

                public int Y { get; init; }
            }

            public sealed record Item(int Id, Point At, Guid Key, DateOnly? Due = null);

            public static class App
            {
                public static void Map(Router router)
                {
                    router.MapPost("/orders", (Order order) => Results.Json(new Item(1, default, Guid.Empty), 201)).Produces<Item>(201);
                    router.MapPut("/orders/{id}", (string id, Node tree, Order order) => order.Id + id + tree.Name);
                    router.MapGet("/items", (int[] ids) => Stream(ids));
                    router.MapWebSocket("/ws", async (WebSocketConnection ws) =>
                    {
                        await ws.AcceptAsync();
                        var address = await ws.ReceiveJsonAsync<Address>();
                        await ws.SendTextAsync(address.City);
                    });
                }

                private static async IAsyncEnumerable<Item> Stream(int[] ids)
                {
                    foreach (var id in ids)
                    {
                        await Task.Yield();
                        yield return new Item(id, default, Guid.Empty);
                    }
                }
            }
            """);

        GeneratorHarness.MatchSnapshot("Models", run);
    }

    private static string Generate(string source)
    {
        var run = GeneratorHarness.Run(Models + source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        Assert.NotNull(run.Generated);
        return run.Generated;
    }
}
