using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Gateway;

/// <summary>Offered in <see cref="Scope.Extensions"/> when the connection is encrypted: what was negotiated.</summary>
public interface ITlsInfo
{
    /// <summary>The TLS version, such as <see cref="SslProtocols.Tls13"/>.</summary>
    SslProtocols Protocol { get; }

    /// <summary>The negotiated cipher suite.</summary>
    TlsCipherSuite CipherSuite { get; }

    /// <summary>The application protocol chosen by ALPN (<c>http/1.1</c>), or default when none was negotiated.</summary>
    SslApplicationProtocol ApplicationProtocol { get; }

    /// <summary>The host name the client asked for with SNI, or <see langword="null"/>.</summary>
    string? ServerName { get; }

    /// <summary>The client's certificate when the server asked for one and the client sent it; otherwise <see langword="null"/>.</summary>
    X509Certificate2? ClientCertificate { get; }
}