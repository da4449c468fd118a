using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;

namespace Gateway;

/// <summary>
/// Offered in <see cref="Scope.Extensions"/> by a server that can expose the request and response bodies as its own
/// pipes, so <see cref="RequestBodyReader.Create"/> and <see cref="ResponseBodyWriter.Create"/> skip a copy.
/// </summary>
/// <remarks>
/// A server hands out its pipes only for its own, unwrapped <see cref="Receive"/> and <see cref="Send"/> delegates. A
/// middleware that wraps either one passes the wrapper to the inner app, so the adapters fall back to messages and the
/// middleware keeps seeing every byte: the optimisation can never bypass a middleware.
/// </remarks>
public interface INativeBodyPipes
{
    /// <summary>Gets the server's request body reader when <paramref name="receive"/> is the server's own delegate for
    /// this scope and the body has not been read yet.</summary>
    /// <param name="receive">The receive delegate the app was given.</param>
    /// <param name="reader">The body reader; completing it ends the app's interest in the body.</param>
    /// <returns>Whether the native reader may be used.</returns>
    bool TryGetRequestBodyReader(Receive receive, [NotNullWhen(true)] out PipeReader? reader);

    /// <summary>Gets the server's response body writer when <paramref name="send"/> is the server's own delegate for this
    /// scope and <see cref="HttpResponseStart"/> has been sent without trailers.</summary>
    /// <param name="send">The send delegate the app was given.</param>
    /// <param name="writer">The body writer; completing it completes the response.</param>
    /// <returns>Whether the native writer may be used.</returns>
    bool TryGetResponseBodyWriter(Send send, [NotNullWhen(true)] out PipeWriter? writer);
}