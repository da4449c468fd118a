using System.Net;
using System.Net.Sockets;

using Gateway.Server.Connection;

namespace Gateway.Server.Tests.Connection;

public class ForwardedHeadersTests
{
    private static readonly IPEndPoint Proxy = new(IPAddress.Loopback, 5000);
    private static readonly IPEndPoint Stranger = new(IPAddress.Parse("198.51.100.9"), 5000);

    private static (string? Client, string Scheme) Resolve(EndPoint? peer, params (string Name, string Value)[] headers) => Resolve(peer, new ForwardedHeadersOptions(), false, headers);

    private static (string? Client, string Scheme) Resolve(EndPoint? peer, ForwardedHeadersOptions options, bool webSocket, params (string Name, string Value)[] headers)
    {
        var builder = new HeadersBuilder();
        foreach (var (name, value) in headers)
        {
            builder.Add(name, value);
        }

        var (client, scheme) = ForwardedHeaders.Resolve(peer, webSocket ? "ws" : "http", builder.Build(), options, webSocket);
        return ((client as IPEndPoint)?.Address.ToString() ?? client?.ToString(), scheme);
    }

    [Fact]
    public void A_trusted_proxy_reports_the_client_and_scheme()
    {
        Assert.Equal(("203.0.113.7", "https"), Resolve(Proxy, ("x-forwarded-for", "203.0.113.7"), ("x-forwarded-proto", "https")));
    }

    [Fact]
    public void An_untrusted_peer_is_not_believed()
    {
        Assert.Equal(("198.51.100.9", "http"), Resolve(Stranger, ("x-forwarded-for", "203.0.113.7"), ("x-forwarded-proto", "https")));
    }

    [Fact]
    public void The_list_is_walked_from_the_nearest_hop_skipping_trusted_proxies()
    {
        // A client forging "1.2.3.4" in front: the first untrusted hop from the right is the real client.
        Assert.Equal("203.0.113.7", Resolve(Proxy, ("x-forwarded-for", "1.2.3.4, 203.0.113.7, 127.0.0.2")).Client);
        Assert.Equal("127.0.0.3", Resolve(Proxy, ("x-forwarded-for", "127.0.0.3, 127.0.0.2")).Client);
        Assert.Equal("203.0.113.7", Resolve(Proxy, ("x-forwarded-for", "1.2.3.4"), ("x-forwarded-for", "203.0.113.7")).Client);
    }

    [Fact]
    public void Addresses_with_ports_and_ipv6_are_understood()
    {
        Assert.Equal("2001:db8::17", Resolve(Proxy, ("x-forwarded-for", "[2001:db8::17]:4711")).Client);
        Assert.Equal("203.0.113.7", Resolve(Proxy, ("x-forwarded-for", "203.0.113.7:1234")).Client);
    }

    [Fact]
    public void Garbage_makes_the_header_untrustworthy()
    {
        Assert.Equal(("127.0.0.1", "http"), Resolve(Proxy, ("x-forwarded-for", "not-an-address"), ("x-forwarded-proto", "https")));
        Assert.Equal("http", Resolve(Proxy, ("x-forwarded-proto", "gopher")).Scheme);
    }

    [Fact]
    public void Rfc7239_forwarded_wins_over_the_x_headers()
    {
        var resolved = Resolve(Proxy, ("forwarded", "for=192.0.2.60;proto=https;by=203.0.113.43"), ("x-forwarded-for", "10.9.9.9"));

        Assert.Equal(("192.0.2.60", "https"), resolved);
        Assert.Equal("2001:db8:cafe::17", Resolve(Proxy, ("forwarded", "for=1.1.1.1, for=\"[2001:db8:cafe::17]:4711\"")).Client);
        Assert.Equal(("127.0.0.1", "http"), Resolve(Proxy, ("forwarded", "for=unknown;proto=https")));
    }

    [Fact]
    public void WebSocket_scopes_map_schemes_to_ws_and_wss()
    {
        Assert.Equal("wss", Resolve(Proxy, new ForwardedHeadersOptions(), true, ("x-forwarded-proto", "https")).Scheme);
        Assert.Equal("ws", Resolve(Proxy, new ForwardedHeadersOptions(), true, ("x-forwarded-proto", "http")).Scheme);
    }

    [Fact]
    public void Unix_socket_peers_are_trusted_unless_turned_off_and_disabling_ignores_everything()
    {
        var uds = new UnixDomainSocketEndPoint("/tmp/x.sock");

        Assert.Equal("203.0.113.7", Resolve(uds, ("x-forwarded-for", "203.0.113.7")).Client);
        Assert.Equal("/tmp/x.sock", Resolve(uds, new ForwardedHeadersOptions { TrustUnixSocketPeers = false }, false, ("x-forwarded-for", "203.0.113.7")).Client);
        Assert.Equal(("127.0.0.1", "http"), Resolve(Proxy, new ForwardedHeadersOptions { Enabled = false }, false, ("x-forwarded-for", "203.0.113.7"), ("x-forwarded-proto", "https")));
    }

    [Fact]
    public void Ipv4_mapped_peers_match_ipv4_networks()
    {
        var mapped = new IPEndPoint(IPAddress.Loopback.MapToIPv6(), 1);

        Assert.Equal("203.0.113.7", Resolve(mapped, ("x-forwarded-for", "203.0.113.7")).Client);
    }
}