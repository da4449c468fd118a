namespace Gateway.Routing;

/// <summary>One Server-Sent Event (the WHATWG <c>text/event-stream</c> format).</summary>
/// <param name="Data">The data; each line becomes a <c>data:</c> field.</param>
/// <param name="EventType">The <c>event:</c> field, or null for the default <c>message</c>.</param>
/// <param name="Id">The <c>id:</c> field, or null.</param>
/// <param name="Retry">The <c>retry:</c> field (reconnection time), or null.</param>
public readonly record struct ServerSentEvent(string Data, string? EventType = null, string? Id = null, TimeSpan? Retry = null);