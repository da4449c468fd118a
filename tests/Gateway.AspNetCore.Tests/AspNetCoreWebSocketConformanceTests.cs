using Gateway.Conformance;
using Gateway.Conformance.WebSockets;

using Microsoft.AspNetCore.Builder;

namespace Gateway.AspNetCore.Tests;

/// <summary>The shared WebSocket contract suite against the ASP.NET Core adapter on Kestrel.</summary>
public sealed class AspNetCoreWebSocketConformanceTests : WebSocketConformanceTests
{
    protected override async Task<IContractHost> StartAsync(GatewayApp app) =>
        await KestrelHost.StartAsync(application =>
        {
            application.UseWebSockets();
            application.UseGateway(app);
        });
}