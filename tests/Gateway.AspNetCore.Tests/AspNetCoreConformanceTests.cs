using Gateway.Conformance;

namespace Gateway.AspNetCore.Tests;

/// <summary>The shared contract suite against the ASP.NET Core adapter (<c>UseGateway</c>) on Kestrel.</summary>
public sealed class AspNetCoreConformanceTests : ContractConformanceTests
{
    protected override async Task<IContractHost> StartAsync(GatewayApp app) =>
        await KestrelHost.StartAsync(application => application.UseGateway(app));
}