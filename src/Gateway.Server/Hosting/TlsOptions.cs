using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Server;

/// <summary>TLS settings of one listen endpoint. The scope's scheme becomes <c>https</c>/<c>wss</c> and
/// <see cref="ITlsInfo"/> is offered in its extensions.</summary>
public sealed class TlsOptions
{
    /// <summary>The server certificate, with its private key. Set this, or <see cref="CertificatePath"/>.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>A certificate file: PEM (with <see cref="KeyPath"/>, or the key in the same file) or PKCS#12/PFX (with
    /// <see cref="Password"/>), loaded when the server starts.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key file that goes with a PEM <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 file or an encrypted PEM key.</summary>
    public string? Password { get; set; }

    /// <summary>The TLS versions allowed; <see cref="SslProtocols.None"/> (the default) lets the operating system choose
    /// its secure defaults.</summary>
    public SslProtocols EnabledProtocols { get; set; } = SslProtocols.None;

    /// <summary>Whether to ask clients for a certificate (exposed through <see cref="ITlsInfo.ClientCertificate"/>).
    /// Clients may still connect without one; the app decides what a missing certificate means.</summary>
    public bool RequestClientCertificate { get; set; }

    /// <summary>Decides whether a client certificate is acceptable, given the chain built for it and the platform's
    /// verdict. When <see langword="null"/> (the default) only certificates the platform trusts are accepted.</summary>
    public Func<X509Certificate2, X509Chain?, SslPolicyErrors, bool>? ClientCertificateValidation { get; set; }

    /// <summary>How long a client has to complete the handshake. Default 10 seconds.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal SslServerAuthenticationOptions CreateAuthenticationOptions()
    {
        var certificate = Certificate ?? LoadCertificate();
        return new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            EnabledSslProtocols = EnabledProtocols,
            ClientCertificateRequired = RequestClientCertificate,
            RemoteCertificateValidationCallback = RequestClientCertificate ? ValidateClientCertificate : null,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
    }

    private bool ValidateClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            // Requested, not required: a client without a certificate is the app's decision.
            return (errors & ~SslPolicyErrors.RemoteCertificateNotAvailable) == SslPolicyErrors.None;
        }

        if (ClientCertificateValidation is { } validate)
        {
            return validate(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), chain, errors);
        }

        return errors == SslPolicyErrors.None;
    }

    private X509Certificate2 LoadCertificate()
    {
        if (string.IsNullOrEmpty(CertificatePath))
        {
            throw new InvalidOperationException("TLS needs a certificate: set TlsOptions.Certificate or TlsOptions.CertificatePath.");
        }

        var extension = Path.GetExtension(CertificatePath);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, Password);
        }

        return Password is null
            ? X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(CertificatePath, Password, KeyPath);
    }
}