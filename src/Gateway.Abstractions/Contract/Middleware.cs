namespace Gateway;

/// <summary>
/// A middleware: a function from the next app to a new app that wraps it. A middleware passes scope types it does not
/// handle straight through to <paramref name="next"/>, and may wrap <see cref="Receive"/> and <see cref="Send"/> to observe
/// or transform messages as they stream, without buffering whole bodies.
/// </summary>
/// <param name="next">The app to call for the work this middleware does not do itself.</param>
/// <returns>The wrapping app. It is built once, when the app is composed, not per request.</returns>
/// <remarks>
/// A middleware that changes the response body (compression, for example) must remove the capabilities it cannot honour
/// from the child scope (see <see cref="ScopeExtensions.Without{T}"/>), such as <see cref="IHttpResponseFileCapability"/>.
/// </remarks>
public delegate GatewayApp Middleware(GatewayApp next);