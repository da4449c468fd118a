namespace Gateway.ServerKit;

/// <summary>The optional HTTP messages a server accepts for a scope, matching the capabilities it put in
/// <see cref="Scope.Extensions"/>.</summary>
[Flags]
public enum HttpSendCapabilities
{
    /// <summary>Only the core messages.</summary>
    None = 0,

    /// <summary><see cref="HttpResponseTrailers"/> (<see cref="IHttpResponseTrailersCapability"/>).</summary>
    Trailers = 1,

    /// <summary><see cref="HttpResponseEarlyHints"/> (<see cref="IHttpEarlyHintsCapability"/>).</summary>
    EarlyHints = 2,

    /// <summary><see cref="HttpResponseFile"/> (<see cref="IHttpResponseFileCapability"/>).</summary>
    ResponseFile = 4,
}