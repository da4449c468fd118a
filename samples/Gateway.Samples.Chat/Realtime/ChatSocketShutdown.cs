using Microsoft.Extensions.Hosting;

namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// Closes the chat's sockets when the host stops. Registered after the Gateway server, so the host (which stops its
/// services in reverse order) runs it first: in-flight sends are stored and acknowledged and every socket is closed
/// with 1001, and only then does the server drain what is left of HTTP.
/// </summary>
internal sealed class ChatSocketShutdown(ChatApp app) : IHostedService
{
    /// <summary>How long in-flight sends get before the sockets close anyway.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => app.Sockets.ShutdownAsync(DrainTimeout);
}