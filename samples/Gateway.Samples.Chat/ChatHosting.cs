using System.Net;

using Gateway.Samples.Chat.Configuration;
using Gateway.Server;

namespace Gateway.Samples.Chat;

/// <summary>How the chat is served: <c>Chat:Listen</c> as a TCP address or a Unix socket.</summary>
internal static class ChatHosting
{
    public static GatewayServerOptions ServerOptions(ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new GatewayServerOptions { ShutdownTimeout = TimeSpan.FromSeconds(10) };
        if (options.UnixSocketPath is { } path)
        {
            return server.ListenUnixSocket(path);
        }

        var uri = options.HttpListenUri ?? new Uri(ChatOptions.DefaultListen);
        var address = uri.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(uri.Host.Trim('[', ']'));
        return server.ListenTcp(address, uri.Port);
    }
}
