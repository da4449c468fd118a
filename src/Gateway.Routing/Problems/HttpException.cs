namespace Gateway.Routing;

/// <summary>
/// Ends a request with an error status, as Starlette's <c>HTTPException</c>: the error middleware (and the helpers that
/// throw it, such as body readers over their limit) turn it into a <see cref="ProblemDetails"/> response.
/// </summary>
public class HttpException : Exception
{
    /// <summary>Creates the exception for status 500.</summary>
    public HttpException()
        : this(500)
    {
    }

    /// <summary>Creates the exception with a detail for status 500.</summary>
    /// <param name="message">The detail, shown to the client.</param>
    public HttpException(string message)
        : this(500, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The detail, shown to the client.</param>
    /// <param name="innerException">The cause; never shown to the client.</param>
    public HttpException(string message, Exception? innerException)
        : base(message, innerException) => Status = 500;

    /// <summary>Creates the exception.</summary>
    /// <param name="status">The status, 400 to 599.</param>
    /// <param name="detail">The detail shown to the client, or null.</param>
    /// <param name="innerException">The cause; never shown to the client.</param>
    public HttpException(int status, string? detail = null, Exception? innerException = null)
        : base(detail ?? ProblemDetails.ReasonPhrase(status), innerException)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        Status = status;
        Detail = detail;
    }

    /// <summary>The response status.</summary>
    public int Status { get; }

    /// <summary>The detail shown to the client, or null.</summary>
    public string? Detail { get; }

    /// <summary>Headers to add to the error response (such as <c>allow</c> or <c>www-authenticate</c>).</summary>
    public IReadOnlyList<Header> Headers { get; init; } = [];

    /// <summary>The problem this exception becomes.</summary>
    /// <returns>The problem.</returns>
    public virtual ProblemDetails ToProblem() => new(Status) { Detail = Detail };
}