namespace Gateway.Abstractions.Tests;

public class ScopeExtensionsTests
{
    private sealed class ServerCapabilities : IHttpResponseTrailersCapability, IHttpEarlyHintsCapability;

    private sealed class Feature(string name)
    {
        public string Name { get; } = name;
    }

    [Fact]
    public void One_object_can_offer_several_capabilities()
    {
        var server = new ServerCapabilities();
        var extensions = ScopeExtensions.Create(server);

        Assert.True(extensions.Has<IHttpResponseTrailersCapability>());
        Assert.True(extensions.TryGet<IHttpEarlyHintsCapability>(out var hints));
        Assert.Same(server, hints);
        Assert.False(extensions.Has<IHttpResponseFileCapability>());
        Assert.Null(extensions.Get<ITlsInfo>());
    }

    [Fact]
    public void With_puts_the_new_extension_first_and_leaves_the_original_unchanged()
    {
        var original = ScopeExtensions.Create(new Feature("server"));

        var extended = original.With(new Feature("middleware"));

        Assert.Equal("middleware", extended.Get<Feature>()!.Name);
        Assert.Equal("server", original.Get<Feature>()!.Name);
        Assert.Equal(2, extended.Count);
        Assert.Single(original);
    }

    [Fact]
    public void Without_hides_a_capability_from_inner_apps()
    {
        var feature = new Feature("keep");
        var extensions = ScopeExtensions.Create(new ServerCapabilities(), feature);

        var hidden = extensions.Without<IHttpResponseTrailersCapability>();

        Assert.False(hidden.Has<IHttpResponseTrailersCapability>());
        Assert.Same(feature, hidden.Get<Feature>());
        Assert.Same(extensions, extensions.Without<ITlsInfo>());
        Assert.Same(ScopeExtensions.Empty, ScopeExtensions.Create(feature).Without<Feature>());
        Assert.Same(ScopeExtensions.Empty, ScopeExtensions.Create());
    }
}