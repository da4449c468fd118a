using System.Net;

using Microsoft.Extensions.Logging;

namespace Gateway.Server.Tests.Support;

/// <summary>Starts the real <see cref="GatewayServer"/> (public constructor, real sockets) on 127.0.0.1 with a free port.</summary>
internal static class HttpTestServer
{
    public static async Task<GatewayServer> StartAsync(GatewayApp app, Action<GatewayServerOptions>? configure = null, ILoggerFactory? loggerFactory = null)
    {
        var options = new GatewayServerOptions();
        configure?.Invoke(options);
        if (options.Listen.Count == 0)
        {
            options.ListenLocalhost(0);
        }

        var server = new GatewayServer(app, options, loggerFactory);
        await server.StartAsync();
        return server;
    }

    public static Uri BaseUri(this GatewayServer server) => new($"http://127.0.0.1:{((IPEndPoint)server.EndPoints[0]).Port}/");

    public static HttpClient CreateClient(this GatewayServer server, HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { BaseAddress = server.BaseUri(), Timeout = Timeouts.Default };
}