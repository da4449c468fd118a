using Gateway.Samples.Chat;
using Gateway.Samples.Chat.Configuration;
using Gateway.Samples.Chat.Storage;

try
{
    var configuration = ChatConfiguration.Build(args, AppContext.BaseDirectory);
    var options = ChatOptionsReader.Read(configuration, Environment.CurrentDirectory);
    await using var services = await ChatServices.StartAsync(options, TimeProvider.System);
    Console.WriteLine($"chat: {services.Store.ProviderName} store ready in {options.DataDirectory}");
    Console.WriteLine($"chat: would serve on {options.Listen} (allowed origins: {string.Join(", ", options.AllowedOrigins)}); the HTTP layer is not wired yet");
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