using Gateway.Conformance;

namespace Gateway.Server.Tests.Connection;

/// <summary>The shared contract suite against Gateway.Server on its other transport, the runtime's socket engine (what TLS
/// connections and other platforms use).</summary>
public sealed class ServerSocketsTransportConformanceTests : ContractConformanceTests
{
    protected override Task<IContractHost> StartAsync(GatewayApp app) => ServerConformanceTests.Start(app, ServerTransport.Sockets);
}
