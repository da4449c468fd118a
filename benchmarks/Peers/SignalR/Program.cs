// The SignalR chat peer of the chat load benchmark: a hub at /hub on 127.0.0.1, PostgreSQL as the message store, and
// with --redis SignalR's Redis backplane. /healthz answers once the store is ready. Runs until SIGINT or SIGTERM.
using System.Net;

using Gateway.Benchmarks.SignalR;

using Npgsql;

if (!PeerArguments.TryParse(args, out var arguments))
{
    await Console.Error.WriteLineAsync(PeerArguments.Usage);
    return 2;
}

// No args to the builder: the command line is ours, not configuration.
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, arguments.Port));
await using var dataSource = NpgsqlDataSource.Create(arguments.Postgres);
var store = new MessageStore(dataSource);
await store.MigrateAsync();
builder.Services.AddSingleton(store);
var signalR = builder.Services.AddSignalR();
if (arguments.Redis is { } redis)
{
    signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("chat-bench"));
}

await using var app = builder.Build();
app.MapHub<ChatHub>("/hub");
app.MapGet("/healthz", () => "ok");
await app.StartAsync();
Console.WriteLine($"listening on {app.Urls.First()}{(arguments.Redis is null ? "" : " with the Redis backplane")}");
await app.WaitForShutdownAsync();
return 0;