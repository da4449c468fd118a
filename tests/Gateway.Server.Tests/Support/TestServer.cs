using System.Net;

using Gateway.Server.Connection;
using Gateway.Server.Transport;

using Microsoft.Extensions.Logging;

namespace Gateway.Server.Tests.Support;

internal static class TestServer
{
    /// <summary>A server on 127.0.0.1 with a free port, running <paramref name="protocol"/> on its connections.</summary>
    public static async Task<GatewayServer> StartAsync(
        ConnectionProtocolFactory protocol,
        Action<GatewayServerOptions>? configure = null,
        GatewayApp? app = null,
        ILoggerFactory? loggerFactory = null)
    {
        var options = new GatewayServerOptions();
        configure?.Invoke(options);
        if (options.Listen.Count == 0)
        {
            options.ListenLocalhost(0);
        }

        var server = new GatewayServer(app ?? ((_, _, _) => ValueTask.CompletedTask), options, loggerFactory, services: null, protocol, GatewayServer.BindSockets);
        await server.StartAsync();
        return server;
    }

    public static IPEndPoint TcpEndPoint(this GatewayServer server) => (IPEndPoint)server.EndPoints[0];
}