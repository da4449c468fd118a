namespace Gateway.Abstractions.Tests;

public class PathParametersTests
{
    [Fact]
    public void Values_keep_their_converted_types_and_template_order()
    {
        var id = Guid.NewGuid();
        var parameters = PathParameters.Create(new("user", 42), new("doc", id));

        Assert.Equal(42, parameters.Get<int>("user"));
        Assert.Equal(id, parameters["doc"]);
        Assert.Equal(["user", "doc"], parameters.Keys);
        Assert.True(parameters.TryGet<int>("user", out var user));
        Assert.Equal(42, user);
        Assert.False(parameters.TryGet<string>("user", out _));
        Assert.Throws<InvalidCastException>(() => parameters.Get<long>("user"));
        Assert.Throws<KeyNotFoundException>(() => parameters["missing"]);
    }

    [Fact]
    public void Names_must_be_unique()
    {
        Assert.Throws<ArgumentException>(() => PathParameters.Create(new("id", 1), new("id", 2)));
    }

    [Fact]
    public void Concat_appends_and_lets_inner_values_win()
    {
        var outer = PathParameters.Create(new("tenant", "acme"), new("id", 1));
        var inner = PathParameters.Create(new("id", 2), new("page", 3));

        var combined = outer.Concat(inner);

        Assert.Equal(["tenant", "id", "page"], combined.Keys);
        Assert.Equal(2, combined["id"]);
        Assert.Same(outer, outer.Concat(PathParameters.Empty));
        Assert.Same(inner, PathParameters.Empty.Concat(inner));
    }
}