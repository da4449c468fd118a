using Gateway.Benchmarks.Hosting;

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
}