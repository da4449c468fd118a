// The Kestrel peers: the endpoints of ../../README.md at 127.0.0.1, logging off, the same GC as the Gateway server.
// Prints "listening on <url>" once Kestrel accepts connections, then runs until SIGINT or SIGTERM.
using System.Net;

using Gateway.Benchmarks;
using Gateway.Benchmarks.Kestrel;

if (!PeerArguments.TryParse(args, out var arguments))
{
    await Console.Error.WriteLineAsync(PeerArguments.Usage);
    return 2;
}

// No args to the builder: the command line is ours, not configuration.
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, arguments.Port));
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, BenchmarkJsonContext.Default));
if (arguments.Shape == PeerArguments.Minimal)
{
    MinimalApp.ConfigureServices(builder.Services);
}

await using var app = builder.Build();
app.UseWebSockets();
if (arguments.Shape == PeerArguments.Minimal)
{
    MinimalApp.Map(app);
}
else
{
    app.Run(RawApp.HandleAsync);
}

await app.StartAsync();
Console.WriteLine($"listening on {app.Urls.First()} (shape {arguments.Shape})");
await app.WaitForShutdownAsync();
return 0;