namespace Gateway.Server.Tests.Support;

/// <summary>The skip decision of <see cref="PeerFactAttribute"/> and <see cref="PeerTheoryAttribute"/> (tests/Shared/Peers).</summary>
public class PeerCatalogTests
{
    [Fact]
    public void A_missing_peer_skips_with_its_install_command()
    {
        var reason = PeerCatalog.SkipReason([Peer.Nginx], isCi: false, isPresent: _ => false);

        Assert.Equal("nginx not found: apt-get install nginx", reason);
    }

    [Fact]
    public void Every_missing_peer_is_named_in_the_reason()
    {
        var reason = PeerCatalog.SkipReason([Peer.Curl, Peer.Nginx, Peer.PythonH11], isCi: false, isPresent: peer => peer == Peer.Nginx);

        Assert.Equal("curl not found: apt-get install curl; Python's h11 not found under /usr/bin/python3: apt-get install python3-h11", reason);
    }

    [Fact]
    public void Present_peers_run()
    {
        Assert.Null(PeerCatalog.SkipReason([Peer.Curl, Peer.Nginx], isCi: false, isPresent: _ => true));
    }

    [Fact]
    public void In_ci_a_missing_peer_is_never_skipped()
    {
        Assert.Null(PeerCatalog.SkipReason([Peer.Nginx], isCi: true, isPresent: _ => false));
    }

    [Theory]
    [InlineData(nameof(Peer.Python), "apt-get install python3")]
    [InlineData(nameof(Peer.PythonWebSockets), "apt-get install python3-websockets")]
    [InlineData(nameof(Peer.Chromium), "apt-get install chromium")]
    [InlineData(nameof(Peer.RedisServer), "apt-get install redis-server")]
    [InlineData(nameof(Peer.PostgreSql), "apt-get install postgresql")]
    public void Every_peer_names_its_debian_package(string peer, string command)
    {
        Assert.EndsWith(": " + command, PeerCatalog.MissingMessage(Enum.Parse<Peer>(peer)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_is_found_on_path_only_where_it_is()
    {
        Assert.True(PeerCatalog.OnPath("sh"));
        Assert.False(PeerCatalog.OnPath($"gw-no-such-program-{Guid.NewGuid():N}"));
    }
}