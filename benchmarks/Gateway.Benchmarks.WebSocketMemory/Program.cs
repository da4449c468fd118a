// Opens N idle WebSocket connections to a server in another process and reports the growth of that server's resident
// memory per connection. The same run measures Gateway.Server and Kestrel (ASP.NET Core's WebSocket middleware), each
// serving the same echo endpoint, so the two figures compare like for like on one machine.
//
//   dotnet Gateway.Benchmarks.WebSocketMemory.dll measure [connections=10000]      both servers, a Markdown table
//   dotnet Gateway.Benchmarks.WebSocketMemory.dll serve gateway|kestrel <port>     a server alone (used by measure)
//
// Each connection completes the handshake and one echo round trip (so the server has really set it up), then stays
// idle. Resident memory (VmRSS) is read from /proc after a settling pause, before and after opening the connections.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

using Gateway;
using Gateway.Server;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

return args switch
{
    ["serve", "gateway", var port] => await ServeGatewayAsync(int.Parse(port, CultureInfo.InvariantCulture), ServerTransport.EventLoop),
    ["serve", "gateway-sockets", var port] => await ServeGatewayAsync(int.Parse(port, CultureInfo.InvariantCulture), ServerTransport.Sockets),
    ["serve", "kestrel", var port] => await ServeKestrelAsync(int.Parse(port, CultureInfo.InvariantCulture)),
    ["measure", .. var rest] => await MeasureAsync(rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 10_000),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: measure [connections] | serve gateway|gateway-sockets|kestrel <port>");
    return 2;
}

static async Task<int> ServeGatewayAsync(int port, ServerTransport transport)
{
    GatewayApp app = async (scope, receive, send) =>
    {
        if (scope.Type != ScopeType.WebSocket)
        {
            return;
        }

        await receive();
        await send(WebSocketAccept.Default);
        while (await receive() is WebSocketReceive message)
        {
            await send(message.IsText ? WebSocketSend.FromUtf8Text(message.Data) : new WebSocketSend(message.Data));
        }
    };
    var options = new GatewayServerOptions { ConsoleLogging = false, Transport = transport }.ListenTcp(IPAddress.Loopback, port); // stdout carries "ready"
    options.WebSockets.KeepAliveInterval = null;
    options.Limits.MaxConcurrentConnections = null;
    await using var server = new GatewayServer(app, options);
    await server.StartAsync();
    Console.WriteLine("ready");
    await server.RunAsync();
    return 0;
}

static async Task<int> ServeKestrelAsync(int port)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseKestrel(kestrel =>
    {
        kestrel.Listen(IPAddress.Loopback, port);
        kestrel.Limits.MaxConcurrentConnections = null;
        kestrel.Limits.MaxConcurrentUpgradedConnections = null;
    });
    var app = builder.Build();
    app.UseWebSockets(new Microsoft.AspNetCore.Builder.WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
    app.Run(async context =>
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, context.RequestAborted);
        }
    });
    await app.StartAsync();
    Console.WriteLine("ready");
    await app.WaitForShutdownAsync();
    return 0;
}

static async Task<int> MeasureAsync(int connections)
{
    Console.WriteLine($"| server | connections | RSS before (MiB) | RSS after (MiB) | KiB per connection |");
    Console.WriteLine($"|---|---:|---:|---:|---:|");
    foreach (var kind in new[] { "gateway", "gateway-sockets", "kestrel" })
    {
        var (before, after) = await MeasureOneAsync(kind, connections);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {kind} | {connections} | {before / 1024.0:F1} | {after / 1024.0:F1} | {(after - before) / (double)connections:F1} |"));
    }

    return 0;
}

static async Task<(long BeforeKiB, long AfterKiB)> MeasureOneAsync(string kind, int connections)
{
    var port = FreePort();
    var self = typeof(Program).Assembly.Location;
    var info = new ProcessStartInfo("taskset", ["-c", "0", "dotnet", self, "serve", kind, port.ToString(CultureInfo.InvariantCulture)])
    {
        RedirectStandardOutput = true,
        UseShellExecute = false,
    };
    using var server = Process.Start(info)!;
    try
    {
        if (await server.StandardOutput.ReadLineAsync() != "ready")
        {
            throw new InvalidOperationException($"The {kind} server did not start.");
        }

        // Warm up the code paths (JIT, pools) with a few connections, then settle.
        var uri = new Uri($"ws://127.0.0.1:{port}/ws");
        var warm = await OpenAsync(uri, 50);
        await CloseAllAsync(warm);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var before = ResidentKiB(server.Id);

        var sockets = await OpenAsync(uri, connections);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var after = ResidentKiB(server.Id);
        await CloseAllAsync(sockets);
        return (before, after);
    }
    finally
    {
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
    }
}

static async Task<List<ClientWebSocket>> OpenAsync(Uri uri, int count)
{
    var sockets = new List<ClientWebSocket>(count);
    var payload = "hi"u8.ToArray();
    for (var opened = 0; opened < count;)
    {
        var batch = Math.Min(100, count - opened);
        var tasks = new Task<ClientWebSocket>[batch];
        for (var i = 0; i < batch; i++)
        {
            tasks[i] = Task.Run(async () =>
            {
                var socket = new ClientWebSocket();
                socket.Options.KeepAliveInterval = TimeSpan.Zero;
                await socket.ConnectAsync(uri, CancellationToken.None);
                await socket.SendAsync(payload, WebSocketMessageType.Text, true, CancellationToken.None);
                var result = await socket.ReceiveAsync(new byte[16], CancellationToken.None);
                if (result.Count != payload.Length)
                {
                    throw new InvalidOperationException("The echo did not come back.");
                }

                return socket;
            });
        }

        sockets.AddRange(await Task.WhenAll(tasks));
        opened += batch;
    }

    return sockets;
}

static async Task CloseAllAsync(List<ClientWebSocket> sockets)
{
    foreach (var socket in sockets)
    {
        socket.Abort();
        socket.Dispose();
    }

    sockets.Clear();
    await Task.Delay(100);
}

static long ResidentKiB(int pid)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        }
    }

    throw new InvalidOperationException("No VmRSS.");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}