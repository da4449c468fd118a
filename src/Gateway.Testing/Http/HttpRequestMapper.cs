namespace Gateway.Testing;

/// <summary>Maps an <see cref="HttpRequestMessage"/> to what a server would hand the app: the scope's fields as they
/// would arrive over a socket.</summary>
internal static class HttpRequestMapper
{
    /// <summary>The request URI, which <see cref="HttpClient"/> has already resolved against its base address.</summary>
    /// <exception cref="InvalidOperationException">The URI is relative or not http(s).</exception>
    public static Uri GetUri(HttpRequestMessage request)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("The request URI must be absolute; set TestClient.BaseAddress to send relative URIs.");
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"The test client sends http and https requests, not '{uri.Scheme}'; use ConnectWebSocketAsync for WebSockets.");
        }

        return uri;
    }

    /// <summary>The method in upper case; the well-known ones keep HttpMethod's interned strings.</summary>
    public static string GetMethod(HttpRequestMessage request) => request.Method.Method.ToUpperInvariant();

    /// <summary>
    /// The header fields a client would send: <c>host</c> first, then every request header and every content header
    /// (<c>content-length</c> computed as a client does, or <c>transfer-encoding: chunked</c> on HTTP/1.x when the length
    /// is unknown). A header with several values becomes several fields, so apps see duplicates as they can arrive.
    /// </summary>
    /// <exception cref="HttpRequestException">A header cannot be sent (a control character, a non-Latin-1 character).</exception>
    public static Headers GetHeaders(HttpRequestMessage request, Uri uri)
    {
        var builder = new HeadersBuilder(16);
        Add(builder, "host", request.Headers.Host ?? RequestTarget.HostHeader(uri));
        var chunked = false;
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            chunked |= string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase);
            foreach (var value in values)
            {
                Add(builder, name, value);
            }
        }

        if (request.Content is { } content)
        {
            // Reading ContentLength computes it (for byte, string and seekable stream content), as a client does.
            var length = content.Headers.ContentLength;
            foreach (var (name, values) in content.Headers.NonValidated)
            {
                foreach (var value in values)
                {
                    Add(builder, name, value);
                }
            }

            if (length is null && !chunked && request.Version.Major < 2)
            {
                Add(builder, "transfer-encoding", "chunked");
            }
        }

        return builder.Build();
    }

    private static void Add(HeadersBuilder builder, string name, string value)
    {
        try
        {
            builder.Add(name, value);
        }
        catch (ArgumentException exception)
        {
            throw new HttpRequestException($"The request header '{name}' cannot be sent: {exception.Message}", exception);
        }
    }
}