using Gateway.Benchmarks.Hosting;
using Gateway.Server;

namespace Gateway.Benchmarks.Tests.Hosting;

public class ServerArgumentsTests
{
    [Fact]
    public void No_arguments_mean_port_8080_and_the_raw_shape()
    {
        Assert.True(ServerArguments.TryParse([], out var arguments, out _));

        Assert.Equal(new ServerArguments(8080, "raw", ListShapes: false), arguments);
    }

    [Fact]
    public void Port_and_shape_are_read_in_any_order()
    {
        Assert.True(ServerArguments.TryParse(["--shape", "raw", "--port", "0"], out var arguments, out _));

        Assert.Equal(new ServerArguments(0, "raw", ListShapes: false), arguments);
    }

    [Theory]
    [InlineData("sockets", ServerTransport.Sockets)]
    [InlineData("eventloop", ServerTransport.EventLoop)]
    public void Transport_picks_the_server_transport_and_defaults_to_the_server_default(string value, ServerTransport expected)
    {
        Assert.True(ServerArguments.TryParse(["--transport", value], out var arguments, out _));

        Assert.Equal(expected, arguments.Transport);
        Assert.Equal(new GatewayServerOptions().Transport, new ServerArguments(0, "raw", ListShapes: false).Transport);
    }

    [Fact]
    public void List_shapes_is_a_flag()
    {
        Assert.True(ServerArguments.TryParse(["--list-shapes"], out var arguments, out _));

        Assert.True(arguments.ListShapes);
    }

    [Theory]
    [InlineData("--shape", "nonexistent")]
    [InlineData("--port", "65536")]
    [InlineData("--port", "-1")]
    [InlineData("--port")]
    [InlineData("--verbose")]
    [InlineData("--transport", "uring")]
    public void A_wrong_argument_is_refused_with_the_reason(params string[] args)
    {
        Assert.False(ServerArguments.TryParse(args, out _, out var error));

        Assert.Contains(args[0], error, StringComparison.Ordinal);
    }
}