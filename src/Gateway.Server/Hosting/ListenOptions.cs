using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Server;

/// <summary>One address the server listens on: a TCP endpoint or a Unix domain socket, optionally with TLS.</summary>
public sealed class ListenOptions
{
    internal ListenOptions(EndPoint endPoint) => EndPoint = endPoint;

    /// <summary>The address to bind: an <see cref="IPEndPoint"/> (port 0 picks a free port, reported by
    /// <see cref="GatewayServer.EndPoints"/>) or a <see cref="UnixDomainSocketEndPoint"/>.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>TLS settings, or <see langword="null"/> for plain text.</summary>
    public TlsOptions? Tls { get; set; }

    /// <summary>Serves TLS on this endpoint with <paramref name="certificate"/>.</summary>
    /// <param name="certificate">The server certificate, with its private key.</param>
    /// <returns>These options.</returns>
    public ListenOptions UseTls(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Tls = new TlsOptions { Certificate = certificate };
        return this;
    }

    /// <summary>Serves TLS on this endpoint with a certificate loaded from files.</summary>
    /// <param name="certificatePath">A PEM or PKCS#12 file.</param>
    /// <param name="keyPath">The PEM key file, when separate.</param>
    /// <param name="password">The PKCS#12 or encrypted key password.</param>
    /// <returns>These options.</returns>
    public ListenOptions UseTls(string certificatePath, string? keyPath = null, string? password = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        Tls = new TlsOptions { CertificatePath = certificatePath, KeyPath = keyPath, Password = password };
        return this;
    }

    /// <summary>Describes the endpoint as a URL-like string for logs.</summary>
    /// <returns>For example <c>https://127.0.0.1:8443</c> or <c>unix:/run/app.sock</c>.</returns>
    public override string ToString() => EndPoint is UnixDomainSocketEndPoint ? $"unix:{EndPoint}" : $"{(Tls is null ? "http" : "https")}://{EndPoint}";
}