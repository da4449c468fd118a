using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Gateway.AspNetCore;

/// <summary><see cref="ITlsInfo"/> read from ASP.NET Core's TLS features.</summary>
internal sealed class TlsInfo(HttpContext context, ITlsHandshakeFeature handshake) : ITlsInfo
{
    public SslProtocols Protocol => handshake.Protocol;

    public TlsCipherSuite CipherSuite => handshake.NegotiatedCipherSuite ?? default;

    // ALPN chose the protocol the request arrived with.
    public SslApplicationProtocol ApplicationProtocol => context.Request.Protocol switch
    {
        "HTTP/2" => SslApplicationProtocol.Http2,
        "HTTP/3" => SslApplicationProtocol.Http3,
        _ => SslApplicationProtocol.Http11,
    };

    public string? ServerName => handshake.HostName;

    public X509Certificate2? ClientCertificate => context.Connection.ClientCertificate;
}