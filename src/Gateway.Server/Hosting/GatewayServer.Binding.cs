using System.Net;
using System.Net.Sockets;

using Gateway.Server.Transport;

namespace Gateway.Server;

// Binding: every listen address becomes a listener, or none does (a failure releases what was bound).
public sealed partial class GatewayServer
{
    internal static IReadOnlyList<IConnectionListener> BindSockets(GatewayServerOptions options, TransportOptions transportOptions)
    {
        var listens = options.Listen.Count > 0 ? options.Listen : [new ListenOptions(new IPEndPoint(IPAddress.Loopback, 8000))];
        var listeners = new List<IConnectionListener>(listens.Count);
        try
        {
            foreach (var listen in listens)
            {
                listeners.Add(SocketListener.Bind(
                    listen.EndPoint,
                    options.Limits.ListenBacklog,
                    transportOptions,
                    listen.Tls?.CreateAuthenticationOptions(),
                    listen.Tls?.HandshakeTimeout ?? default));
            }
        }
        catch
        {
            foreach (var listener in listeners)
            {
                listener.UnbindAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }

        return listeners;
    }

    private static string FormatUrl(EndPoint endPoint, bool tls) => endPoint switch
    {
        UnixDomainSocketEndPoint unix => $"unix:{unix}",
        IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } ip => $"{(tls ? "https" : "http")}://[{ip.Address}]:{ip.Port}",
        _ => $"{(tls ? "https" : "http")}://{endPoint}",
    };
}