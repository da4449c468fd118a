using System.Text.Json;

namespace Gateway.Routing;

/// <summary>
/// A JSON body, whatever the value's type: lets a handler framework send a <see cref="JsonResponse{T}"/> made without
/// its own metadata (<c>Results.Ok(value)</c>) with the JSON options of the route that returned it.
/// </summary>
public abstract class JsonResponse : Response
{
    /// <summary>The content type of JSON bodies.</summary>
    public const string JsonContentType = "application/json";

    /// <summary>Initializes the status and extra headers.</summary>
    /// <param name="status">The status.</param>
    /// <param name="headers">Extra headers, or null.</param>
    private protected JsonResponse(int status, IReadOnlyList<Header>? headers)
        : base(status, headers)
    {
    }

    /// <summary>The declared type of the value (for documentation such as OpenAPI).</summary>
    public abstract Type ValueType { get; }

    /// <summary>Sends the response: serialized with <paramref name="defaultOptions"/> unless the response was made with
    /// its own metadata or options.</summary>
    /// <param name="scope">The HTTP scope.</param>
    /// <param name="receive">The receive delegate.</param>
    /// <param name="send">The send delegate; the response has not started.</param>
    /// <param name="defaultOptions">The options of whoever sends it, such as a route's.</param>
    /// <returns>A task that completes when the response is complete.</returns>
    public abstract ValueTask Invoke(Scope scope, Receive receive, Send send, JsonSerializerOptions defaultOptions);
}