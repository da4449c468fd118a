// The Minimal APIs peer of samples/Gateway.Samples.Aot: the same endpoints, Native AOT, at 127.0.0.1 on --port N.
// `dotnet run --project benchmarks/Peers/MinimalAot -- --port 8000`, or publish it with benchmarks/startup/run.sh.
using System.Globalization;
using System.Net;

using Gateway.Benchmarks.MinimalAot;

var port = args is ["--port", var value] && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed <= 65535
    ? parsed
    : -1;
if (port < 0)
{
    await Console.Error.WriteLineAsync("usage: Gateway.Benchmarks.MinimalAot --port N");
    return 2;
}

// No args to the builder: the command line is ours, not configuration.
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, PeerJsonContext.Default));
builder.Services.AddValidation();

await using var app = builder.Build();
app.MapGet("/", static () => "Hello from Gateway");
app.MapPost("/users", static (CreateUser user) => TypedResults.Json(new User(1, user.Name!, user.Age!.Value), PeerJsonContext.Default.User, statusCode: StatusCodes.Status201Created));
app.MapGet("/users/{id:int}", static (int id, bool? verbose) => new User(id, verbose == true ? "Ada Lovelace" : "Ada", 36));

await app.RunAsync();
return 0;