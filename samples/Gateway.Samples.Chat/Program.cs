using System.Runtime.InteropServices;

using Gateway.Samples.Chat;
using Gateway.Samples.Chat.Configuration;
using Gateway.Samples.Chat.Storage;
using Gateway.Server;

using Microsoft.Extensions.Logging;

// The chat service: `dotnet run --project samples/Gateway.Samples.Chat` serves it on SQLite at http://127.0.0.1:8000.
try
{
    var configuration = ChatConfiguration.Build(args, AppContext.BaseDirectory);
    var options = ChatOptionsReader.Read(configuration, Environment.CurrentDirectory);
    using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Information));
    await using var services = await ChatServices.StartAsync(options, TimeProvider.System, loggerFactory);
    using var app = new ChatApp(services, loggerFactory);
    await using var server = new GatewayServer(app.Router, ChatHosting.ServerOptions(options), loggerFactory);

    using var stop = new CancellationTokenSource();
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });

    await server.StartAsync();
    Console.WriteLine($"chat: {services.Store.ProviderName} store in {options.DataDirectory}; open {server.Urls[0]}/ (API docs at {server.Urls[0]}/docs; Ctrl+C stops)");
    await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);

    // Sockets first: in-flight sends are stored and acknowledged, then every socket is closed with 1001; then the server
    // drains what is left of HTTP.
    await app.Sockets.ShutdownAsync(TimeSpan.FromSeconds(5));
    await server.StopAsync();
    return 0;
}
catch (ChatOptionsException exception)
{
    Console.Error.WriteLine($"chat: configuration error: {exception.Message}");
    return 2;
}
catch (MigrationFailedException exception)
{
    Console.Error.WriteLine($"chat: {exception.Message}");
    return 3;
}