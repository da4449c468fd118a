namespace Gateway.Routing;

/// <summary>A body of bytes with <c>content-length</c>; an empty body by default (for 204 and the like).</summary>
public sealed class BytesResponse : Response
{
    /// <summary>Creates the response.</summary>
    /// <param name="body">The body; it must not change while the response is sent.</param>
    /// <param name="contentType">The content type, or null for none.</param>
    /// <param name="status">The status.</param>
    /// <param name="headers">Extra headers, or null.</param>
    public BytesResponse(ReadOnlyMemory<byte> body, string? contentType = "application/octet-stream", int status = 200, IReadOnlyList<Header>? headers = null)
        : base(status, headers)
    {
        Body = body;
        ContentType = contentType;
    }

    /// <summary>The body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The content type, or null.</summary>
    public string? ContentType { get; }

    /// <inheritdoc />
    public override async ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(send);
        var noBody = Status is 204 or 304;
        await send(new HttpResponseStart(Status, BuildHeaders(noBody ? null : ContentType, noBody ? null : Body.Length)), scope.Aborted).ConfigureAwait(false);
        await send(noBody ? HttpResponseBody.Empty : new HttpResponseBody(Body), scope.Aborted).ConfigureAwait(false);
    }
}