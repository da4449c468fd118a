using Gateway.Hosting;
using Gateway.Samples.Chat;
using Gateway.Samples.Chat.Configuration;
using Gateway.Samples.Chat.Realtime;
using Gateway.Samples.Chat.Storage;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The chat service: `dotnet run --project samples/Gateway.Samples.Chat` serves it on SQLite at http://127.0.0.1:8000.
// A generic host runs it (Gateway.Hosting's AddGateway): its logging, Ctrl+C and SIGTERM handling, and an ordered stop.
try
{
    // The chat's three documented configuration sources, not the host's defaults (which would add DOTNET_ variables
    // and appsettings.{Environment}.json that the README does not promise).
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.Configuration.AddConfiguration(ChatConfiguration.Build(args, AppContext.BaseDirectory));
    builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole(console => console.SingleLine = true);
    builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
    var options = ChatOptionsReader.Read(builder.Configuration, Environment.CurrentDirectory);

    // The app is made below, once the host's logging exists; the host asks for it only when it starts.
    ChatApp? app = null;
    builder.Services.AddGateway(_ => app!.Router, server => ChatHosting.Configure(server, options));
    builder.Services.AddHostedService(_ => new ChatSocketShutdown(app!));
    using var host = builder.Build();
    var loggerFactory = host.Services.GetRequiredService<ILoggerFactory>();
    // Migrations run before the host starts: a schema that cannot be applied stops the process before it listens.
    await using var services = await ChatServices.StartAsync(options, TimeProvider.System, loggerFactory);
    using var chat = app = new ChatApp(services, loggerFactory);

    await host.StartAsync();
    var url = host.Services.GetRequiredService<GatewayHostedService>().Urls[0];
    Console.WriteLine($"chat: {services.Store.ProviderName} store in {options.DataDirectory}; open {url}/ (API docs at {url}/docs; Ctrl+C stops)");
    await host.WaitForShutdownAsync();
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
catch (GatewayStartException exception)
{
    // The server could not start (an address in use, a bad Gateway:Server setting): its message names the cause.
    Console.Error.WriteLine($"chat: {exception.Message}");
    return 1;
}
