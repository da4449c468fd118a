using Gateway.Benchmarks.Hosting;
using Gateway.Routing;
using Gateway.Validation;

namespace Gateway.Benchmarks.Tests.Hosting;

public class BenchmarkShapesTests
{
    [Fact]
    public void Raw_is_offered_and_is_the_default()
    {
        Assert.Contains("raw", BenchmarkShapes.Names);
        Assert.Equal("raw", BenchmarkShapes.Default);
    }

    [Fact]
    public void Every_listed_shape_builds_an_app()
    {
        foreach (var name in BenchmarkShapes.Names)
        {
            Assert.True(BenchmarkShapes.TryCreate(name, out var app), name);
            Assert.NotNull(app);
        }
    }

    [Fact]
    public void An_unknown_shape_builds_nothing()
    {
        Assert.False(BenchmarkShapes.TryCreate("nonexistent", out var app));
        Assert.Null(app);
    }

    [Theory]
    [InlineData("routed", true)]
    [InlineData("routed-reflection", false)]
    public void The_routed_shapes_take_the_handler_path_they_are_named_after(string shape, bool generated)
    {
        Assert.True(BenchmarkShapes.TryCreate(shape, out var app));

        var handlers = Assert.IsType<Router>(app.Target).GetRoutes().SelectMany(route => route.Metadata.OfType<HandlerEndpoint>()).ToList();

        // /json, POST /users and GET /users/{id}: the same three handlers in both shapes, only their planning differs.
        Assert.Equal(3, handlers.Count);
        Assert.All(handlers, handler => Assert.Equal(generated, handler.IsGenerated));
    }
}