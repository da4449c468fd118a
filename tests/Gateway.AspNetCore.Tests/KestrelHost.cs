using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

using Gateway.Conformance;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Gateway.AspNetCore.Tests;

/// <summary>An ASP.NET Core application on Kestrel, 127.0.0.1 and a free port, serving a Gateway app through the
/// adapter; optionally HTTP/2 only (h2c prior knowledge) or TLS.</summary>
internal sealed class KestrelHost : IContractHost
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly WebApplication _application;

    private KestrelHost(WebApplication application, HttpClient client)
    {
        _application = application;
        Client = client;
    }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public WebApplication Application => _application;

    public static async Task<KestrelHost> StartAsync(
        Action<WebApplication> map, HttpProtocols protocols = HttpProtocols.Http1AndHttp2, X509Certificate2? certificate = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocols;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        configure?.Invoke(builder);
        var application = builder.Build();
        map(application);
        await application.StartAsync().WaitAsync(Timeout);
        var address = new Uri(application.Urls.Single());
        var handler = new SocketsHttpHandler();
        if (certificate is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString();
        }

        var client = new HttpClient(handler) { BaseAddress = new Uri($"{address.Scheme}://127.0.0.1:{address.Port}/"), Timeout = Timeout };
        if (protocols == HttpProtocols.Http2)
        {
            client.DefaultRequestVersion = HttpVersion.Version20;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        return new KestrelHost(application, client);
    }

    public static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        // Round-trip through PKCS#12 so that the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _application.StopAsync().WaitAsync(Timeout);
        await _application.DisposeAsync();
    }
}