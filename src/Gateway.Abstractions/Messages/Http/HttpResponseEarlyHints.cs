namespace Gateway;

/// <summary>
/// <c>http.response.early_hints</c>: a <c>103 Early Hints</c> informational response (RFC 8297), typically <c>link</c>
/// headers that let a browser preload resources while the app is still working. Allowed any number of times before
/// <see cref="HttpResponseStart"/>, when the scope offers <see cref="IHttpEarlyHintsCapability"/>.
/// </summary>
public sealed class HttpResponseEarlyHints : Message
{
    /// <summary>Creates an early hints message.</summary>
    /// <param name="headers">The hint fields.</param>
    public HttpResponseEarlyHints(Headers headers)
        : base(MessageType.HttpResponseEarlyHints)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Headers = headers;
    }

    /// <summary>The hint fields.</summary>
    public Headers Headers { get; }
}