namespace Gateway.Testing;

/// <summary>What a <see cref="TestClient"/> response carries beyond what <see cref="HttpResponseMessage"/> models.</summary>
public static class TestResponseExtensions
{
    /// <summary>
    /// The <c>103 Early Hints</c> responses the app sent (<see cref="HttpResponseEarlyHints"/>) before this response, in
    /// order: the header fields of each.
    /// </summary>
    /// <param name="response">A response returned by a <see cref="TestClient"/>.</param>
    /// <returns>The hints; empty when the app sent none, or for a response that did not come from a test client. The
    /// list is complete when the response is returned and does not change afterwards.</returns>
    public static IReadOnlyList<Headers> GetEarlyHints(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.RequestMessage is { } request ? HttpExchange.GetEarlyHints(request) : [];
    }
}