using Gateway.Conformance;
using Gateway.Conformance.WebSockets;

namespace Gateway.Server.Tests.Connection;

/// <summary>The shared WebSocket contract suite against Gateway.Server over real sockets.</summary>
public sealed class ServerWebSocketConformanceTests : WebSocketConformanceTests
{
    protected override Task<IContractHost> StartAsync(GatewayApp app) => ServerConformanceTests.Start(app);
}
