using Microsoft.Extensions.Configuration;

namespace Gateway.Samples.Chat.Configuration;

/// <summary>Builds the service's configuration from its three documented sources.</summary>
internal static class ChatConfiguration
{
    /// <summary>
    /// Layers <c>appsettings.json</c> (optional, in <paramref name="basePath"/>), then environment variables
    /// (<c>CHAT__LISTEN</c> is <c>Chat:Listen</c>), then <c>--Chat:Listen=...</c> arguments; later sources win.
    /// </summary>
    public static IConfigurationRoot Build(string[] args, string basePath)
    {
        ArgumentNullException.ThrowIfNull(args);
        return new ConfigurationBuilder()
            .SetBasePath(basePath)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            // Without a prefix so that CHAT__X maps to Chat:X; configuration keys are case-insensitive.
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
    }
}