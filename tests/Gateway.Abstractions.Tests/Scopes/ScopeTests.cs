using System.Net;

namespace Gateway.Abstractions.Tests;

public class ScopeTests
{
    [Fact]
    public void Defaults_describe_an_empty_http_11_get_to_the_root()
    {
        var scope = new Scope { Type = ScopeType.Http };

        Assert.Equal(HttpVersion.Version11, scope.HttpVersion);
        Assert.Equal(("GET", "http", "/", ""), (scope.Method, scope.Scheme, scope.Path, scope.RootPath));
        Assert.True(scope.RawPath.IsEmpty);
        Assert.True(scope.QueryString.IsEmpty);
        Assert.Same(Headers.Empty, scope.Headers);
        Assert.Same(ScopeExtensions.Empty, scope.Extensions);
        Assert.Same(PathParameters.Empty, scope.PathParameters);
        Assert.Empty(scope.Subprotocols);
        Assert.Empty(scope.State);
        Assert.Null(scope.Client);
        Assert.Null(scope.Services);
        Assert.False(scope.Aborted.CanBeCanceled);
    }

    [Fact]
    public void A_child_scope_made_with_with_shares_the_parents_state()
    {
        var parent = new Scope { Type = ScopeType.Http, Path = "/api/users" };

        var child = parent with { RootPath = "/api", Path = "/users" };
        child.State["user"] = "alice";

        Assert.Same(parent.State, child.State);
        Assert.Equal("alice", parent.State["user"]);
        Assert.Equal("/api/users", parent.Path);
    }

    [Fact]
    public void ToString_shows_type_method_and_full_path()
    {
        var scope = new Scope { Type = ScopeType.Http, Method = "POST", RootPath = "/api", Path = "/users", QueryString = "a=1"u8.ToArray() };

        Assert.Equal("Http POST /api/users?a=1", scope.ToString());
        Assert.Equal("Lifespan", new Scope { Type = ScopeType.Lifespan }.ToString());
    }
}