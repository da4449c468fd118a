namespace Gateway.Testing;

/// <summary>The handler behind <see cref="TestClient"/>: each request becomes an <see cref="HttpExchange"/> with the
/// app, in process. Thread-safe: requests may run concurrently, each with its own scope.</summary>
internal sealed class GatewayHttpHandler : HttpMessageHandler
{
    private readonly TestHost _host;

    public GatewayHttpHandler(TestHost host) => _host = host;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new HttpExchange(_host, request).RunAsync(cancellationToken);
    }

    // HttpClient.Send: the app runs on the thread pool, so blocking here cannot deadlock it.
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();
}