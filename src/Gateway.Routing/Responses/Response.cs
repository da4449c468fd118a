namespace Gateway.Routing;

/// <summary>
/// A response that is an app, as in Starlette: an endpoint answers with <c>await new TextResponse("hi").Invoke(scope,
/// receive, send)</c>, or registers a response as its endpoint. Headers given at construction are sent as they are;
/// each response adds its own <c>content-type</c> and, when the body length is known, <c>content-length</c>.
/// </summary>
/// <remarks>A response object holds per-response state; create one per request unless its type says it is reusable.
/// For WebSocket scopes, responses are sent as denial responses when the server offers them.</remarks>
public abstract class Response
{
    /// <summary>Initializes the status and extra headers.</summary>
    /// <param name="status">The status, 200 to 599.</param>
    /// <param name="headers">Extra headers, or null.</param>
    protected Response(int status, IReadOnlyList<Header>? headers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        Status = status;
        Headers = headers ?? [];
    }

    /// <summary>The status.</summary>
    public int Status { get; }

    /// <summary>Extra headers sent with the response.</summary>
    public IReadOnlyList<Header> Headers { get; }

    /// <summary>The response as an app.</summary>
    /// <param name="response">The response.</param>
    public static implicit operator GatewayApp(Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Invoke;
    }

    /// <summary>The response as an app (the named alternative to the implicit conversion).</summary>
    /// <returns><see cref="Invoke"/> as a delegate.</returns>
    public GatewayApp ToGatewayApp() => Invoke;

    /// <summary>Sends the response.</summary>
    /// <param name="scope">The HTTP scope.</param>
    /// <param name="receive">The receive delegate (most responses do not read the request).</param>
    /// <param name="send">The send delegate; the response has not started.</param>
    /// <returns>A task that completes when the response is complete.</returns>
    public abstract ValueTask Invoke(Scope scope, Receive receive, Send send);

    /// <summary>Builds the header block: the extra headers, then <paramref name="contentType"/> and
    /// <paramref name="contentLength"/> unless the extra headers already set them.</summary>
    /// <param name="contentType">The content type, or null.</param>
    /// <param name="contentLength">The body length, or null when unknown.</param>
    /// <param name="more">Further headers the response type adds.</param>
    /// <returns>The headers.</returns>
    protected Headers BuildHeaders(string? contentType, long? contentLength, params ReadOnlySpan<Header> more)
    {
        var builder = new HeadersBuilder(Headers.Count + more.Length + 2);
        foreach (var header in Headers)
        {
            builder.Add(header.Name.Span, header.Value.Span);
        }

        foreach (var header in more)
        {
            builder.AddWithoutValidation(header.Name.Span, header.Value.Span);
        }

        if (contentType is not null && !builder.Contains("content-type"))
        {
            builder.Add("content-type", contentType);
        }

        if (contentLength is { } length && !builder.Contains("content-length"))
        {
            builder.Add("content-length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.Build();
    }
}