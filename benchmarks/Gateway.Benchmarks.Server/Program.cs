// The Gateway benchmark server: the endpoints of ../README.md on Gateway.Server, at 127.0.0.1, logging off.
// Prints "listening on <url>" once it accepts connections, then runs until SIGINT or SIGTERM.
using System.Net;

using Gateway.Benchmarks.Hosting;
using Gateway.Server;

using Microsoft.Extensions.Logging.Abstractions;

if (!ServerArguments.TryParse(args, out var arguments, out var error))
{
    await Console.Error.WriteLineAsync($"{error}\n{ServerArguments.Usage}");
    return 2;
}

if (arguments.ListShapes)
{
    foreach (var name in BenchmarkShapes.Names)
    {
        Console.WriteLine(name);
    }

    return 0;
}

if (!BenchmarkShapes.TryCreate(arguments.Shape, out var app))
{
    await Console.Error.WriteLineAsync(ServerArguments.Usage);
    return 2;
}

// Lifespan off: the benchmark apps keep no state, and the server need not probe for lifespan support.
var options = new GatewayServerOptions { Lifespan = LifespanMode.Off, Transport = arguments.Transport }.ListenTcp(IPAddress.Loopback, arguments.Port);
await using var server = new GatewayServer(app, options, NullLoggerFactory.Instance);
await server.StartAsync();
Console.WriteLine($"listening on {server.Urls[0]} (shape {arguments.Shape}, transport {arguments.Transport})");
await server.RunAsync();
return 0;