using System.Diagnostics.CodeAnalysis;

namespace Gateway;

/// <summary>
/// Offered in <see cref="Scope.Extensions"/> of a WebSocket scope when the app may refuse the handshake with an ordinary
/// HTTP response (<see cref="WebSocketHttpResponseStart"/> and <see cref="WebSocketHttpResponseBody"/>). Without it, an
/// app can only refuse with <see cref="WebSocketClose"/>, which servers answer with 403.
/// </summary>
[SuppressMessage("Design", "CA1040:Avoid empty interfaces", Justification = "A capability marker, tested for at run time as Go's http.Flusher is.")]
public interface IWebSocketDenialResponseCapability;