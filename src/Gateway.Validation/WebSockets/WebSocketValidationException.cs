namespace Gateway.Routing;

/// <summary>
/// A WebSocket message that is not the JSON the handler asked for: not JSON at all, or a value whose DataAnnotations
/// rules fail. <see cref="Errors"/> lists every problem in FastAPI's shape, located under <c>message</c>
/// (<c>["message", "text"]</c>). The connection stays open: a handler catches this and answers, or lets it end the
/// connection (the server then closes with 1011).
/// </summary>
public sealed class WebSocketValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">The problems; at least one.</param>
    public WebSocketValidationException(IReadOnlyList<ValidationError> errors)
        : base(Describe(errors)) => Errors = errors;

    /// <summary>Creates the exception with a message and no errors (for serializers and tests).</summary>
    public WebSocketValidationException()
        : this("The WebSocket message is not valid.")
    {
    }

    /// <summary>Creates the exception with a message and no errors.</summary>
    /// <param name="message">The message.</param>
    public WebSocketValidationException(string message)
        : base(message) => Errors = [];

    /// <summary>Creates the exception with a message, a cause and no errors.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public WebSocketValidationException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    /// <summary>The problems, as a 422 lists them.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    private static string Describe(IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 0 ? "The WebSocket message is not valid." : "The WebSocket message is not valid: " + string.Join("; ", errors);
    }
}