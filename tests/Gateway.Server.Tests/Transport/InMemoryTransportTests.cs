using System.Buffers;
using System.Text;

using Gateway.Server.Tests.Support;
using Gateway.Server.Transport;

namespace Gateway.Server.Tests.Transport;

public class InMemoryTransportTests
{
    [Fact]
    public async Task Runs_the_same_server_without_ports()
    {
        var transport = new InMemoryTransport();
        await using var server = new GatewayServer((_, _, _) => ValueTask.CompletedTask, new GatewayServerOptions(), null, null, EchoProtocol.Factory, (_, _) => [transport]);
        await server.StartAsync();

        var client = await transport.ConnectAsync();
        await client.Output.WriteAsync("in memory"u8.ToArray());
        var result = await client.Input.ReadAtLeastAsync(9).AsTask().WaitAsync(Timeouts.Default);

        Assert.Equal("in memory", Encoding.ASCII.GetString(result.Buffer.ToArray()));
        Assert.Equal("memory", server.Urls[0].Replace("http://", string.Empty, StringComparison.Ordinal));
        client.Input.AdvanceTo(result.Buffer.End);
        await client.CloseOutputAsync();
        var end = await client.Input.ReadAsync().AsTask().WaitAsync(Timeouts.Default);
        Assert.True(end.IsCompleted);
        Assert.False(client.WasAborted);
    }
}