using System.Net;
using System.Net.Sockets;

using Gateway.Server;

using Microsoft.Extensions.Configuration;

namespace Gateway.Hosting.Tests;

public sealed class ConfigurationTests
{
    private static GatewayServerOptions Apply(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>("Gateway:Server:" + s.Key, s.Value)))
            .Build();
        var options = new GatewayServerOptions();
        GatewayServerConfiguration.Apply(configuration.GetSection("Gateway:Server"), options);
        return options;
    }

    [Fact]
    public void Listen_takes_a_list_a_semicolon_separated_string_or_objects_with_certificates()
    {
        var list = Apply(("Listen:0", "http://127.0.0.1:8000"), ("Listen:1", "unix:/tmp/gateway.sock"), ("Listen:2", "http://[::1]:8001"));
        var joined = Apply(("Listen", "http://localhost:8000; http://*:8001"));
        var tls = Apply(("Listen:0:Url", "https://0.0.0.0:8443"), ("Listen:0:Certificate:Path", "/certs/site.pem"), ("Listen:0:Certificate:KeyPath", "/certs/site.key"));
        var shared = Apply(("Listen", "https://127.0.0.1:8443"), ("Certificate:Path", "/certs/site.pfx"), ("Certificate:Password", "secret"));

        Assert.Equal(["http://127.0.0.1:8000", "unix:/tmp/gateway.sock", "http://[::1]:8001"], list.Listen.Select(l => l.ToString()));
        Assert.IsType<UnixDomainSocketEndPoint>(list.Listen[1].EndPoint);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 8000), new IPEndPoint(IPAddress.IPv6Any, 8001)], joined.Listen.Select(l => l.EndPoint));
        Assert.Equal("/certs/site.pem", tls.Listen[0].Tls?.CertificatePath);
        Assert.Equal("/certs/site.key", tls.Listen[0].Tls?.KeyPath);
        Assert.Equal(("/certs/site.pfx", "secret"), (shared.Listen[0].Tls?.CertificatePath, shared.Listen[0].Tls?.Password));
    }

    [Fact]
    public void A_listen_string_from_the_environment_replaces_the_listen_list_of_appsettings()
    {
        var options = Apply(("Listen:0", "http://127.0.0.1:8000"), ("Listen:1", "http://127.0.0.1:8001"), ("Listen", "http://0.0.0.0:9000"));

        Assert.Equal(["http://0.0.0.0:9000"], options.Listen.Select(l => l.ToString()));
    }

    [Fact]
    public void Limits_timeouts_and_lists_are_read_with_times_as_timespans_or_seconds()
    {
        var options = Apply(
            ("Limits:MaxRequestBodySize", "none"),
            ("Limits:KeepAliveTimeout", "00:01:00"),
            ("Limits:RequestHeadersTimeout", "2.5"),
            ("Limits:MaxConcurrentConnections", "100"),
            ("WebSockets:AllowedOrigins:0", "https://example.com"),
            ("ForwardedHeaders:TrustedProxies:0", "10.0.0.0/8"),
            ("Lifespan", "off"),
            ("Transport", "sockets"),
            ("AccessLog", "true"));

        Assert.Null(options.Limits.MaxRequestBodySize);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Limits.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.Limits.RequestHeadersTimeout);
        Assert.Equal(100, options.Limits.MaxConcurrentConnections);
        Assert.Equal(["https://example.com"], options.WebSockets.AllowedOrigins);
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8")], options.ForwardedHeaders.TrustedProxies);
        Assert.Equal(LifespanMode.Off, options.Lifespan);
        Assert.Equal(ServerTransport.Sockets, options.Transport);
        Assert.True(options.AccessLog);
    }
}