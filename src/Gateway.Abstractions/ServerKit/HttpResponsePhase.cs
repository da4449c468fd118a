namespace Gateway.ServerKit;

/// <summary>Where an HTTP response stands, as tracked by <see cref="HttpSendValidator"/>.</summary>
public enum HttpResponsePhase
{
    /// <summary>Nothing but early hints has been sent.</summary>
    NotStarted,

    /// <summary>The start was sent; body chunks may follow.</summary>
    SendingBody,

    /// <summary>The body is complete and trailers were announced; trailer messages may follow.</summary>
    SendingTrailers,

    /// <summary>The response is complete; nothing more may be sent.</summary>
    Complete,
}