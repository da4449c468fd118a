using System.Net;
using System.Net.Sockets;

namespace Gateway.Server.Tests.Hosting;

public class CommandLineTests
{
    [Fact]
    public void No_arguments_listen_on_uvicorns_default_127_0_0_1_port_8000()
    {
        var listen = Assert.Single(GatewayServer.ParseCommandLine([]).Listen);

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8000), listen.EndPoint);
    }

    [Theory]
    [InlineData(new[] { "--host", "0.0.0.0", "--port", "9000" }, "0.0.0.0:9000")]
    [InlineData(new[] { "--host=::", "--port=9001" }, "[::]:9001")]
    [InlineData(new[] { "--port", "0", "--host", "localhost" }, "127.0.0.1:0")]
    [InlineData(new[] { "app-argument", "--port", "8080", "--verbose" }, "127.0.0.1:8080")]
    public void Host_and_port_select_the_tcp_endpoint_and_other_arguments_are_left_to_the_app(string[] args, string endPoint)
    {
        var listen = Assert.Single(GatewayServer.ParseCommandLine(args).Listen);

        Assert.Equal(endPoint, listen.EndPoint.ToString());
    }

    [Fact]
    public void Uds_listens_on_a_unix_domain_socket()
    {
        var listen = Assert.Single(GatewayServer.ParseCommandLine(["--uds", "/tmp/app.sock"]).Listen);

        Assert.Equal("/tmp/app.sock", Assert.IsType<UnixDomainSocketEndPoint>(listen.EndPoint).ToString());
    }

    [Theory]
    [InlineData(new[] { "--port", "http" }, "--port 'http' is not a port number")]
    [InlineData(new[] { "--port", "70000" }, "--port '70000' is not a port number")]
    [InlineData(new[] { "--host", "example.com" }, "--host 'example.com' is not an IP address")]
    [InlineData(new[] { "--port" }, "--port needs a value")]
    [InlineData(new[] { "--uds", "/tmp/a.sock", "--port", "1" }, "cannot be combined")]
    public void A_bad_value_is_refused_with_a_message_naming_the_option(string[] args, string message)
    {
        var exception = Assert.Throws<ArgumentException>(() => GatewayServer.ParseCommandLine(args));

        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }
}