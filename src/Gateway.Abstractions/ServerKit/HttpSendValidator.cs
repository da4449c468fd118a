namespace Gateway.ServerKit;

// The messages an HTTP app may send, and what each does to the response (ASGI www spec 2.5 and its extensions).
// Anything not in this table throws InvalidOperationException from send.
//
//   phase            message                                        next phase
//   ---------------  ---------------------------------------------  -----------------------------------------------
//   NotStarted       http.response.early_hints  (EarlyHints)        NotStarted
//   NotStarted       http.response.start        (trailers: only     SendingBody
//                                                with Trailers)
//   SendingBody      http.response.body   more_body = true          SendingBody
//   SendingBody      http.response.body   more_body = false         SendingTrailers if announced, else Complete
//   SendingBody      http.response.pathsend     (ResponseFile)      SendingTrailers if announced, else Complete
//   SendingTrailers  http.response.trailers more_trailers = true    SendingTrailers
//   SendingTrailers  http.response.trailers more_trailers = false   Complete
//
// The validator knows nothing about the client: a server checks for a disconnect after validating, so that an app bug
// is reported the same way whether or not the client is still there.

/// <summary>
/// Enforces the order of the messages an app sends in an HTTP scope, for servers (and test clients) implementing the
/// contract. One instance tracks one response; <see cref="Reset"/> reuses it for the next request on a connection.
/// </summary>
/// <remarks>Not thread-safe: <see cref="Send"/> calls must not overlap, which the contract requires of apps anyway.</remarks>
public sealed class HttpSendValidator
{
    private HttpSendCapabilities _capabilities;
    private bool _trailersAnnounced;

    /// <summary>Creates a validator for one response.</summary>
    /// <param name="capabilities">The optional messages the server accepts for this scope.</param>
    public HttpSendValidator(HttpSendCapabilities capabilities = HttpSendCapabilities.None) => _capabilities = capabilities;

    /// <summary>Where the response stands.</summary>
    public HttpResponsePhase Phase { get; private set; }

    /// <summary>Whether the start message has been sent.</summary>
    public bool HasStarted => Phase != HttpResponsePhase.NotStarted;

    /// <summary>Whether the response is complete.</summary>
    public bool IsComplete => Phase == HttpResponsePhase.Complete;

    /// <summary>Starts over for a new response.</summary>
    /// <param name="capabilities">The optional messages the server accepts for the new scope.</param>
    public void Reset(HttpSendCapabilities capabilities = HttpSendCapabilities.None)
    {
        _capabilities = capabilities;
        _trailersAnnounced = false;
        Phase = HttpResponsePhase.NotStarted;
    }

    /// <summary>Checks that <paramref name="message"/> may be sent now and moves to the phase it leads to.</summary>
    /// <param name="message">The message the app is sending.</param>
    /// <exception cref="InvalidOperationException">The message is not allowed now; the phase is unchanged.</exception>
    public void Advance(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Phase = (Phase, message) switch
        {
            (HttpResponsePhase.NotStarted, HttpResponseEarlyHints) => Require(HttpSendCapabilities.EarlyHints, message, Phase),
            (HttpResponsePhase.NotStarted, HttpResponseStart start) => Start(start),
            (HttpResponsePhase.SendingBody, HttpResponseBody { MoreBody: true }) => HttpResponsePhase.SendingBody,
            (HttpResponsePhase.SendingBody, HttpResponseBody) => EndOfBody(),
            (HttpResponsePhase.SendingBody, HttpResponseFile) => Require(HttpSendCapabilities.ResponseFile, message, EndOfBody()),
            (HttpResponsePhase.SendingTrailers, HttpResponseTrailers { MoreTrailers: true }) => HttpResponsePhase.SendingTrailers,
            (HttpResponsePhase.SendingTrailers, HttpResponseTrailers) => HttpResponsePhase.Complete,
            _ => throw NotAllowed(message),
        };
    }

    private HttpResponsePhase Start(HttpResponseStart start)
    {
        if (start.Trailers && (_capabilities & HttpSendCapabilities.Trailers) == 0)
        {
            throw new InvalidOperationException(
                "Cannot announce trailers in 'http.response.start': this scope does not offer IHttpResponseTrailersCapability.");
        }

        _trailersAnnounced = start.Trailers;
        return HttpResponsePhase.SendingBody;
    }

    private HttpResponsePhase EndOfBody() => _trailersAnnounced ? HttpResponsePhase.SendingTrailers : HttpResponsePhase.Complete;

    private HttpResponsePhase Require(HttpSendCapabilities capability, Message message, HttpResponsePhase next) =>
        (_capabilities & capability) != 0
            ? next
            : throw new InvalidOperationException(
                $"Cannot send '{message.Name}': this scope does not offer the {capability} capability (see Scope.Extensions).");

    private InvalidOperationException NotAllowed(Message message)
    {
        if (message.Type is not (MessageType.HttpResponseStart or MessageType.HttpResponseBody or MessageType.HttpResponseTrailers
            or MessageType.HttpResponseEarlyHints or MessageType.HttpResponseFile))
        {
            return new InvalidOperationException($"'{message.Name}' is not a message an app can send in an http scope.");
        }

        return new InvalidOperationException(Phase switch
        {
            HttpResponsePhase.NotStarted => $"Cannot send '{message.Name}' before 'http.response.start'.",
            HttpResponsePhase.SendingBody when message is HttpResponseStart => "Cannot send 'http.response.start' twice: the response has already started.",
            HttpResponsePhase.SendingBody when message is HttpResponseTrailers => "Cannot send 'http.response.trailers' before the body is complete, or without announcing them with 'trailers: true' in 'http.response.start'.",
            HttpResponsePhase.SendingBody => $"Cannot send '{message.Name}' while the response body is being sent.",
            HttpResponsePhase.SendingTrailers => $"Cannot send '{message.Name}': the body is complete and the announced trailers are expected.",
            _ => $"Cannot send '{message.Name}' after the response is complete.",
        });
    }
}