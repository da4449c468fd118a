using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Server.Transport;

/// <summary>What a TLS handshake negotiated, captured once after it completed.</summary>
internal sealed class TlsInfo(SslStream stream) : ITlsInfo
{
    public SslProtocols Protocol { get; } = stream.SslProtocol;

    public TlsCipherSuite CipherSuite { get; } = stream.NegotiatedCipherSuite;

    public SslApplicationProtocol ApplicationProtocol { get; } = stream.NegotiatedApplicationProtocol;

    public string? ServerName { get; } = string.IsNullOrEmpty(stream.TargetHostName) ? null : stream.TargetHostName;

    public X509Certificate2? ClientCertificate { get; } = stream.RemoteCertificate as X509Certificate2;
}