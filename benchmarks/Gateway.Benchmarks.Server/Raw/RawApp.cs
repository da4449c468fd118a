using System.Globalization;

using Gateway.Benchmarks.Endpoints;

namespace Gateway.Benchmarks.Raw;

/// <summary>
/// The <c>raw</c> shape: the benchmark endpoints written against the contract alone, one switch on method and path,
/// no routing and no validation framework. The fair peer of Kestrel's <c>app.Run</c>.
/// </summary>
internal static class RawApp
{
    private const string UsersPrefix = "/users/";

    /// <summary>Builds the app.</summary>
    /// <returns>The app.</returns>
    public static GatewayApp Create() => static (scope, receive, send) => scope.Type switch
    {
        ScopeType.Http => ServeHttpAsync(scope, receive, send),
        ScopeType.WebSocket when scope.Path == "/ws/echo" => WebSocketEchoEndpoint.HandleAsync(receive, send),
        ScopeType.WebSocket => WebSocketEchoEndpoint.RefuseAsync(send),
        _ => ValueTask.CompletedTask,
    };

    private static ValueTask ServeHttpAsync(Scope scope, Receive receive, Send send)
    {
        var path = scope.Path;
        switch (scope.Method)
        {
            case "GET" when path == "/plaintext":
                return Responses.SendAsync(send, Responses.PlaintextStart, Responses.PlaintextBody);
            case "GET" when path == "/json":
                return Responses.SendJsonAsync(send, Responses.JsonStart, new HelloMessage("Hello, World!"), BenchmarkJsonContext.Default.HelloMessage);
            case "GET" when path.StartsWith(UsersPrefix, StringComparison.Ordinal) && TryParseId(path.AsSpan(UsersPrefix.Length), out var id):
                return UserEndpoints.GetAsync(id, send);
            case "POST" when path == "/echo":
                return EchoEndpoint.HandleAsync(receive, send);
            case "POST" when path == "/users":
                return UserEndpoints.CreateAsync(receive, send);
            default:
                return Responses.NotFoundAsync(send);
        }
    }

    // What {id:int} accepts: ASCII digits only (no sign, no spaces), within int's range.
    private static bool TryParseId(ReadOnlySpan<char> segment, out int id) =>
        int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}