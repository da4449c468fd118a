using System.Text.Json;

namespace Gateway.Validation;

/// <summary>A handler's return value that writes its own response (a status with a JSON value, a problem, no content).
/// <see cref="Results"/> makes the common ones.</summary>
public interface IHandlerResult
{
    /// <summary>Writes the whole response. Returning means the response is complete.</summary>
    /// <param name="scope">The request's scope.</param>
    /// <param name="send">The request's send delegate; nothing was sent yet.</param>
    /// <param name="jsonOptions">The handler's JSON options.</param>
    /// <returns>A task that completes when the response is complete.</returns>
    ValueTask ExecuteAsync(Scope scope, Send send, JsonSerializerOptions jsonOptions);
}