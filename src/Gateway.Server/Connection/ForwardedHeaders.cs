using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Server.Connection;

// How the client's address and scheme are recovered behind proxies (uvicorn's ProxyHeadersMiddleware, RFC 7239):
//
//   1. Only a trusted peer (a configured proxy network, or a Unix socket peer when allowed) is believed at all.
//   2. "Forwarded" wins over "X-Forwarded-For"/"X-Forwarded-Proto" when both are present.
//   3. The address list is walked from the right (the hop nearest to us): trusted proxies are skipped, and the first
//      untrusted address is the client. If every hop is trusted, the leftmost is the client.
//   4. The scheme is taken from the same hop when the lists line up, otherwise from the rightmost value; only
//      http/https are believed, and WebSocket scopes map them to ws/wss.
//   5. Anything unparseable makes the whole header untrustworthy: the peer's own address and scheme are kept.

/// <summary>Rewrites the client endpoint and scheme from forwarded headers sent by a trusted proxy.</summary>
internal static class ForwardedHeaders
{
    public static (EndPoint? Client, string Scheme) Resolve(EndPoint? peer, string scheme, Headers headers, ForwardedHeadersOptions options, bool webSocket)
    {
        if (!options.Enabled || !IsTrustedPeer(peer, options))
        {
            return (peer, scheme);
        }

        var forwarded = Collect(headers, "forwarded"u8);
        if (forwarded is not null)
        {
            return ParseForwarded(forwarded, options, webSocket) is { } fromForwarded ? Apply(fromForwarded, peer, scheme) : (peer, scheme);
        }

        var forwardedFor = Collect(headers, "x-forwarded-for"u8);
        var forwardedProto = Collect(headers, "x-forwarded-proto"u8);
        if (forwardedFor is null && forwardedProto is null)
        {
            return (peer, scheme);
        }

        var hops = forwardedFor is null ? [] : forwardedFor.Split(',', StringSplitOptions.TrimEntries);
        var protos = forwardedProto is null ? [] : forwardedProto.Split(',', StringSplitOptions.TrimEntries);
        var addresses = new IPAddress?[hops.Length];
        for (var i = 0; i < hops.Length; i++)
        {
            addresses[i] = ParseAddress(hops[i]);
            if (addresses[i] is null)
            {
                return (peer, scheme);
            }
        }

        var chosen = ChooseClient(addresses, options);
        var proto = protos.Length == 0 ? null : protos[chosen >= 0 && protos.Length == hops.Length ? chosen : protos.Length - 1];
        return Apply(new Hop(chosen >= 0 ? addresses[chosen] : null, NormalizeScheme(proto, webSocket)), peer, scheme);
    }

    private static (EndPoint? Client, string Scheme) Apply(Hop hop, EndPoint? peer, string scheme) =>
        (hop.Address is { } address ? new IPEndPoint(address, hop.Port) : peer, hop.Scheme ?? scheme);

    private static bool IsTrustedPeer(EndPoint? peer, ForwardedHeadersOptions options) => peer switch
    {
        IPEndPoint ip => options.IsTrusted(ip.Address),
        UnixDomainSocketEndPoint => options.TrustUnixSocketPeers,
        null => options.TrustUnixSocketPeers,
        _ => false,
    };

    private static int ChooseClient(IPAddress?[] addresses, ForwardedHeadersOptions options)
    {
        for (var i = addresses.Length - 1; i > 0; i--)
        {
            if (!options.IsTrusted(addresses[i]!))
            {
                return i;
            }
        }

        return addresses.Length > 0 ? 0 : -1;
    }

    private static Hop? ParseForwarded(string value, ForwardedHeadersOptions options, bool webSocket)
    {
        var elements = value.Split(',', StringSplitOptions.TrimEntries);
        var hops = new Hop[elements.Length];
        for (var i = 0; i < elements.Length; i++)
        {
            IPAddress? address = null;
            var port = 0;
            string? proto = null;
            foreach (var pair in elements[i].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    return null;
                }

                var name = pair[..equals].Trim();
                var parameter = Unquote(pair[(equals + 1)..].Trim());
                if (name.Equals("for", StringComparison.OrdinalIgnoreCase))
                {
                    if (!TryParseNode(parameter, out address, out port))
                    {
                        return null;
                    }
                }
                else if (name.Equals("proto", StringComparison.OrdinalIgnoreCase))
                {
                    proto = parameter;
                }
            }

            hops[i] = new Hop(address, NormalizeScheme(proto, webSocket), port);
        }

        // Walk from the nearest hop; obfuscated or unknown nodes ("for=unknown", "_hidden") end the walk.
        for (var i = hops.Length - 1; i >= 0; i--)
        {
            if (hops[i].Address is not { } address)
            {
                return null;
            }

            if (i == 0 || !options.IsTrusted(address))
            {
                return hops[i];
            }
        }

        return null;
    }

    private static bool TryParseNode(string node, out IPAddress? address, out int port)
    {
        port = 0;
        if (node.StartsWith('['))
        {
            var close = node.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(node.AsSpan(1, close - 1), out address))
            {
                address = null;
                return false;
            }

            return close == node.Length - 1 || (node[close + 1] == ':' && TryParsePort(node.AsSpan(close + 2), out port));
        }

        var colon = node.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            return IPAddress.TryParse(node.AsSpan(0, colon), out address) && TryParsePort(node.AsSpan(colon + 1), out port);
        }

        return IPAddress.TryParse(node, out address);
    }

    private static IPAddress? ParseAddress(string hop)
    {
        if (IPAddress.TryParse(hop, out var address))
        {
            return address;
        }

        return TryParseNode(hop, out address, out _) ? address : null;
    }

    private static bool TryParsePort(ReadOnlySpan<char> text, out int port) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) && port <= IPEndPoint.MaxPort;

    private static string Unquote(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private static string? NormalizeScheme(string? proto, bool webSocket)
    {
        if (proto is null)
        {
            return null;
        }

        if (proto.Equals("https", StringComparison.OrdinalIgnoreCase) || proto.Equals("wss", StringComparison.OrdinalIgnoreCase))
        {
            return webSocket ? "wss" : "https";
        }

        if (proto.Equals("http", StringComparison.OrdinalIgnoreCase) || proto.Equals("ws", StringComparison.OrdinalIgnoreCase))
        {
            return webSocket ? "ws" : "http";
        }

        return null;
    }

    private static string? Collect(Headers headers, ReadOnlySpan<byte> name)
    {
        string? combined = null;
        foreach (var value in headers.GetValues(name))
        {
            var text = Encoding.Latin1.GetString(value.Span);
            combined = combined is null ? text : combined + "," + text;
        }

        return combined;
    }

    private readonly record struct Hop(IPAddress? Address, string? Scheme, int Port = 0);
}