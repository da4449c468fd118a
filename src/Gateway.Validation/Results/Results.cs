namespace Gateway.Validation;

/// <summary>Makes handler results: a handler returns one to choose its status code and headers.</summary>
public static class Results
{
    /// <summary><c>200 OK</c> with <paramref name="value"/> as JSON.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static JsonResult<T> Ok<T>(T value) => new(200, value, location: null);

    /// <summary><paramref name="statusCode"/> with <paramref name="value"/> as JSON.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="statusCode">The status code.</param>
    /// <returns>The result.</returns>
    public static JsonResult<T> Json<T>(T value, int statusCode = 200) => new(ValidStatus(statusCode), value, location: null);

    /// <summary><c>201 Created</c> with a <c>location</c> header and <paramref name="value"/> as JSON.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="location">The new resource's URL.</param>
    /// <param name="value">The created resource.</param>
    /// <returns>The result.</returns>
    public static JsonResult<T> Created<T>(string location, T value)
    {
        ArgumentNullException.ThrowIfNull(location);
        return new(201, value, location);
    }

    /// <summary><c>202 Accepted</c> with <paramref name="value"/> as JSON and, when given, a <c>location</c> header.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="location">Where to follow the work, or <see langword="null"/>.</param>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static JsonResult<T> Accepted<T>(string? location, T value) => new(202, value, location);

    /// <summary><c>204 No Content</c>.</summary>
    /// <returns>The result.</returns>
    public static StatusResult NoContent() => new(204);

    /// <summary>A bodiless response with <paramref name="statusCode"/>.</summary>
    /// <param name="statusCode">The status code.</param>
    /// <returns>The result.</returns>
    public static StatusResult StatusCode(int statusCode) => new(ValidStatus(statusCode));

    /// <summary>An <c>application/problem+json</c> response (RFC 9457).</summary>
    /// <param name="statusCode">The status code.</param>
    /// <param name="title">A short summary of the problem type.</param>
    /// <param name="detail">An explanation of this occurrence, or <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    public static ProblemResult Problem(int statusCode, string title, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        return new(ValidStatus(statusCode), title, detail, errors: null);
    }

    /// <summary>A <c>422</c> problem listing <paramref name="errors"/>, as the binder writes for invalid requests: for
    /// checks a handler makes itself.</summary>
    /// <param name="errors">The errors; at least one.</param>
    /// <returns>The result.</returns>
    public static ProblemResult ValidationProblem(IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count, nameof(errors));
        return new(422, Responses.ProblemResponses.ValidationTitle, Responses.ProblemResponses.ValidationDetail(errors.Count), errors);
    }

    private static int ValidStatus(int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 200, nameof(statusCode));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599, nameof(statusCode));
        return statusCode;
    }
}