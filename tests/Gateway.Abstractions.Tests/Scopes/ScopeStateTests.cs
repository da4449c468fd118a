namespace Gateway.Abstractions.Tests;

public class ScopeStateTests
{
    [Fact]
    public void A_copy_is_shallow_and_independent()
    {
        var pool = new object();
        var lifespan = new ScopeState { ["pool"] = pool };

        var request = new ScopeState(lifespan);
        request["user"] = "alice";
        request["pool"] = null;

        Assert.Same(pool, lifespan["pool"]);
        Assert.False(lifespan.ContainsKey("user"));
        Assert.Null(request["pool"]);
        Assert.Same(pool, new ScopeState(lifespan).Get<object>("pool"));
    }

    [Fact]
    public void Typed_access_checks_presence_and_type()
    {
        var state = new ScopeState { ["count"] = 3 };

        Assert.Equal(3, state.Get<int>("count"));
        Assert.True(state.TryGet<int>("count", out var count));
        Assert.Equal(3, count);
        Assert.False(state.TryGet<string>("count", out _));
        Assert.False(state.TryGet<int>("missing", out _));
        Assert.Throws<InvalidCastException>(() => state.Get<string>("count"));
        Assert.Throws<KeyNotFoundException>(() => state["missing"]);
    }

    [Fact]
    public void Behaves_as_a_dictionary()
    {
        IDictionary<string, object?> state = new ScopeState();

        state.Add("a", 1);
        state.Add(new KeyValuePair<string, object?>("b", 2));

        Assert.Equal(2, state.Count);
        Assert.Equal(["a", "b"], state.Keys.Order());
        Assert.Contains(new KeyValuePair<string, object?>("b", 2), state);
        Assert.True(state.Remove("a"));
        Assert.False(state.Remove("a"));
        Assert.True(state.TryGetValue("b", out var b));
        Assert.Equal(2, b);
        state.Clear();
        Assert.Empty(state);
    }
}