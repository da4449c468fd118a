using System.Diagnostics.CodeAnalysis;

namespace Gateway;

/// <summary>
/// Offered in <see cref="Scope.Extensions"/> when the app may send <see cref="HttpResponseEarlyHints"/> (103 responses)
/// before <see cref="HttpResponseStart"/>. HTTP/1.0 clients cannot receive informational responses, so servers do not
/// offer it to them.
/// </summary>
[SuppressMessage("Design", "CA1040:Avoid empty interfaces", Justification = "A capability marker, tested for at run time as Go's http.Flusher is.")]
public interface IHttpEarlyHintsCapability;