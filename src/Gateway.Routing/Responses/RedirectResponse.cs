namespace Gateway.Routing;

/// <summary>A redirect: a status (307 by default) and a <c>location</c>, with an empty body.</summary>
public sealed class RedirectResponse : Response
{
    /// <summary>Creates the redirect.</summary>
    /// <param name="location">The target URL, already percent-encoded (absolute, or a path).</param>
    /// <param name="status">301, 302, 303, 307 (default) or 308.</param>
    /// <param name="headers">Extra headers, or null.</param>
    public RedirectResponse(string location, int status = 307, IReadOnlyList<Header>? headers = null)
        : base(status is 301 or 302 or 303 or 307 or 308 ? status : throw new ArgumentOutOfRangeException(nameof(status), status, "A redirect status is 301, 302, 303, 307 or 308."), headers)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        Location = location;
    }

    /// <summary>The target URL.</summary>
    public string Location { get; }

    /// <inheritdoc />
    public override async ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(send);
        await send(new HttpResponseStart(Status, BuildHeaders(null, 0, new Header("location", Location))), scope.Aborted).ConfigureAwait(false);
        await send(HttpResponseBody.Empty, scope.Aborted).ConfigureAwait(false);
    }
}