using System.Diagnostics.CodeAnalysis;

namespace Gateway;

/// <summary>
/// Offered in <see cref="Scope.Extensions"/> when the response may carry trailers: the app may set
/// <see cref="HttpResponseStart.Trailers"/> and send <see cref="HttpResponseTrailers"/> after the body. A server offers it
/// only when it can deliver them (HTTP/1.1 chunked framing to a client that sent <c>TE: trailers</c>).
/// </summary>
[SuppressMessage("Design", "CA1040:Avoid empty interfaces", Justification = "A capability marker, tested for at run time as Go's http.Flusher is.")]
public interface IHttpResponseTrailersCapability;