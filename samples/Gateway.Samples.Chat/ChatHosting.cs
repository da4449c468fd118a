using System.Net;

using Gateway.Samples.Chat.Configuration;
using Gateway.Server;

namespace Gateway.Samples.Chat;

/// <summary>How the chat is served: <c>Chat:Listen</c> as a TCP address or a Unix socket.</summary>
internal static class ChatHosting
{
    /// <summary>The largest WebSocket message the chat accepts (64 KiB).</summary>
    public const int MaxWebSocketMessageSize = 64 * 1024;

    /// <summary>Server options for <paramref name="options"/> alone (the tests' hosts).</summary>
    public static GatewayServerOptions ServerOptions(ChatOptions options)
    {
        var server = new GatewayServerOptions();
        Configure(server, options);
        return server;
    }

    /// <summary>Applies the chat's settings over <paramref name="server"/> (which the host may have bound from
    /// <c>Gateway:Server</c>: limits and forwarded headers set there apply, and <c>Chat:Listen</c> adds the chat's address).</summary>
    public static void Configure(GatewayServerOptions server, ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        server.ShutdownTimeout = TimeSpan.FromSeconds(10);
        // The protocol's frames are small JSON objects (text at most 4000 characters); anything bigger is closed with 1009.
        server.WebSockets.MaxMessageSize = MaxWebSocketMessageSize;
        // Only the configured proxies (the nginx in front) may report the client's address and scheme; the login rate
        // limit is keyed by that address, so a forged X-Forwarded-For from anyone else must not count.
        server.ForwardedHeaders.TrustedProxies.Clear();
        foreach (var proxy in options.TrustedProxies)
        {
            server.ForwardedHeaders.TrustedProxies.Add(proxy);
        }

        if (options.UnixSocketPath is { } path)
        {
            server.ListenUnixSocket(path);
            return;
        }

        var uri = options.HttpListenUri ?? new Uri(ChatOptions.DefaultListen);
        var address = uri.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(uri.Host.Trim('[', ']'));
        server.ListenTcp(address, uri.Port);
    }
}