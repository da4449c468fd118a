using Gateway.Conformance;

namespace Gateway.Testing.Tests;

/// <summary>The shared contract suite against the in-process TestClient. App exceptions are answered as a server
/// answers them (500) rather than raised into the test, since the suite checks what a client sees.</summary>
public sealed class TestClientConformanceTests : ContractConformanceTests
{
    protected override Task<IContractHost> StartAsync(GatewayApp app) =>
        Task.FromResult<IContractHost>(new Host(new TestClient(app, new TestClientOptions { RaiseAppExceptions = false })));

    private sealed class Host(TestClient client) : IContractHost
    {
        public HttpClient Client => client;

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }
}