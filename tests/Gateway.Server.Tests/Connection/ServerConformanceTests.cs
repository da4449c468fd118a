using System.Net;

using Gateway.Conformance;

namespace Gateway.Server.Tests.Connection;

/// <summary>The shared contract suite against Gateway.Server over real sockets on 127.0.0.1 (the default transport, the
/// event loop on Linux).</summary>
public sealed class ServerConformanceTests : ContractConformanceTests
{
    protected override Task<IContractHost> StartAsync(GatewayApp app) => Start(app);

    internal static async Task<IContractHost> Start(GatewayApp app, ServerTransport transport = ServerTransport.EventLoop)
    {
        var options = new GatewayServerOptions { ConsoleLogging = false, Transport = transport }.ListenLocalhost(0);
        var server = new GatewayServer(app, options);
        await server.StartAsync();
        return new Host(server);
    }

    private sealed class Host(GatewayServer server) : IContractHost
    {
        public HttpClient Client { get; } = new() { BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)server.EndPoints[0]).Port}/"), Timeout = Timeout };

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await server.DisposeAsync();
        }
    }
}
