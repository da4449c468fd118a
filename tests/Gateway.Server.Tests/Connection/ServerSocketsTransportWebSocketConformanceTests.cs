using Gateway.Conformance;
using Gateway.Conformance.WebSockets;

namespace Gateway.Server.Tests.Connection;

/// <summary>The shared WebSocket contract suite against Gateway.Server on the runtime's socket engine.</summary>
public sealed class ServerSocketsTransportWebSocketConformanceTests : WebSocketConformanceTests
{
    protected override Task<IContractHost> StartAsync(GatewayApp app) => ServerConformanceTests.Start(app, ServerTransport.Sockets);
}
