namespace Gateway.Benchmarks.Endpoints;

/// <summary><c>POST /echo</c>: streams the request body back as it arrives (<c>application/octet-stream</c>).</summary>
internal static class EchoEndpoint
{
    /// <summary>Echoes one request's body. Each chunk is sent before the next <c>receive</c>, so the chunk
    /// <c>receive</c> handed out is still valid; a body that arrives in one chunk goes out with a content-length.</summary>
    /// <param name="receive">The request's receive.</param>
    /// <param name="send">The request's send.</param>
    /// <returns>A task that completes when the body was echoed or the client left.</returns>
    public static async ValueTask HandleAsync(Receive receive, Send send)
    {
        var started = false;
        while (await receive().ConfigureAwait(false) is HttpRequest chunk)
        {
            if (!started)
            {
                await send(Responses.OctetStreamStart).ConfigureAwait(false);
                started = true;
            }

            if (!chunk.MoreBody)
            {
                await send(chunk.Body.IsEmpty ? HttpResponseBody.Empty : new HttpResponseBody(chunk.Body)).ConfigureAwait(false);
                return;
            }

            if (!chunk.Body.IsEmpty)
            {
                await send(new HttpResponseBody(chunk.Body, moreBody: true)).ConfigureAwait(false);
            }
        }
    }
}