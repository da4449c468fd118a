using System.Diagnostics.CodeAnalysis;

namespace Gateway;

/// <summary>
/// Offered in <see cref="Scope.Extensions"/> when the app may send the body as <see cref="HttpResponseFile"/> and let the
/// server copy the file (ASGI's path send). Middleware that rewrite response bodies remove it from the scope they pass on.
/// </summary>
[SuppressMessage("Design", "CA1040:Avoid empty interfaces", Justification = "A capability marker, tested for at run time as Go's http.Flusher is.")]
public interface IHttpResponseFileCapability;