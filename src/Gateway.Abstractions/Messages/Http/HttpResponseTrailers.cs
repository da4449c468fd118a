namespace Gateway;

/// <summary>
/// <c>http.response.trailers</c>: trailer fields sent after the body, when the start message announced them with
/// <see cref="HttpResponseStart.Trailers"/> and the scope offers <see cref="IHttpResponseTrailersCapability"/>.
/// </summary>
public sealed class HttpResponseTrailers : Message
{
    /// <summary>Creates a trailers message.</summary>
    /// <param name="headers">The trailer fields.</param>
    /// <param name="moreTrailers">Whether more trailer messages follow; the response completes with the last one.</param>
    public HttpResponseTrailers(Headers headers, bool moreTrailers = false)
        : base(MessageType.HttpResponseTrailers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Headers = headers;
        MoreTrailers = moreTrailers;
    }

    /// <summary>The trailer fields.</summary>
    public Headers Headers { get; }

    /// <summary>Whether more trailer messages follow.</summary>
    public bool MoreTrailers { get; }
}