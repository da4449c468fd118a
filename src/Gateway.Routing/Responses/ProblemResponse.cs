using System.Globalization;

namespace Gateway.Routing;

/// <summary>
/// Sends a <see cref="ProblemDetails"/> as <c>application/problem+json</c> with its status. The JSON is written with
/// <c>Utf8JsonWriter</c> into a small buffer so the response carries <c>content-length</c>. For a WebSocket scope it is
/// sent as a denial response when the server offers one, otherwise the handshake is refused with a close.
/// </summary>
public sealed class ProblemResponse : Response
{
    /// <summary>Creates the response.</summary>
    /// <param name="problem">The problem; its status is the response status.</param>
    /// <param name="headers">Extra headers (such as <c>allow</c>), or null.</param>
    public ProblemResponse(ProblemDetails problem, IReadOnlyList<Header>? headers = null)
        : base(CheckStatus(problem), headers) => Problem = problem;

    /// <summary>The problem.</summary>
    public ProblemDetails Problem { get; }

    /// <inheritdoc />
    public override async ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(send);
        var body = ProblemDetails.Serialize(Problem);
        var headers = BuildHeaders(ProblemDetails.ContentType, body.Length);
        if (scope.Type == ScopeType.WebSocket)
        {
            if (scope.Extensions.Has<IWebSocketDenialResponseCapability>())
            {
                await send(new WebSocketHttpResponseStart(Status, headers), scope.Aborted).ConfigureAwait(false);
                await send(new WebSocketHttpResponseBody(body), scope.Aborted).ConfigureAwait(false);
            }
            else
            {
                await send(WebSocketClose.Normal, scope.Aborted).ConfigureAwait(false);
            }

            return;
        }

        await send(new HttpResponseStart(Status, headers), scope.Aborted).ConfigureAwait(false);
        await send(new HttpResponseBody(body), scope.Aborted).ConfigureAwait(false);
    }

    private static int CheckStatus(ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Status >= 200 ? problem.Status : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A problem response needs a final status, not {problem.Status}."), nameof(problem));
    }
}