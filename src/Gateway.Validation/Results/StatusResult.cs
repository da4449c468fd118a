using System.Text.Json;

namespace Gateway.Validation;

/// <summary>A response with a status code and no body.</summary>
public sealed class StatusResult : IHandlerResult
{
    internal StatusResult(int statusCode) => StatusCode = statusCode;

    /// <summary>The status code.</summary>
    public int StatusCode { get; }

    /// <inheritdoc />
    public async ValueTask ExecuteAsync(Scope scope, Send send, JsonSerializerOptions jsonOptions)
    {
        ArgumentNullException.ThrowIfNull(send);
        await send(new HttpResponseStart(StatusCode)).ConfigureAwait(false);
        await send(HttpResponseBody.Empty).ConfigureAwait(false);
    }
}