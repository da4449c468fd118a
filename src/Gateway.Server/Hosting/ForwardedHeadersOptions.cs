using System.Net;

namespace Gateway.Server;

/// <summary>
/// Which peers are trusted to report the client's address and scheme through <c>Forwarded</c> (RFC 7239),
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, as uvicorn's <c>--forwarded-allow-ips</c>. Headers from any other
/// peer are ignored: trusting them from everyone would let any client forge its address.
/// </summary>
public sealed class ForwardedHeadersOptions
{
    /// <summary>Whether forwarded headers are honoured at all. Default on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The proxies whose forwarded headers are believed. Default: loopback (127.0.0.0/8 and ::1).</summary>
    public IList<IPNetwork> TrustedProxies { get; } = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    /// <summary>Whether peers on a Unix domain socket are trusted (only processes that may open the socket file can
    /// connect, typically the local nginx). Default on.</summary>
    public bool TrustUnixSocketPeers { get; set; } = true;

    /// <summary>Whether <paramref name="address"/> belongs to a trusted proxy.</summary>
    internal bool IsTrusted(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        // Indexed, not foreach: enumerating an IList<T> boxes its enumerator, and this runs on every request.
        var proxies = TrustedProxies;
        for (var i = 0; i < proxies.Count; i++)
        {
            if (proxies[i].Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}