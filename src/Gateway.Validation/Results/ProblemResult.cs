using System.Text.Json;

using Gateway.Validation.Responses;

namespace Gateway.Validation;

/// <summary>An RFC 9457 <c>application/problem+json</c> response, optionally listing validation errors in <c>errors</c>.</summary>
public sealed class ProblemResult : IHandlerResult
{
    internal ProblemResult(int statusCode, string title, string? detail, IReadOnlyList<ValidationError>? errors)
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Errors = errors;
    }

    /// <summary>The status code.</summary>
    public int StatusCode { get; }

    /// <summary>The problem's title.</summary>
    public string Title { get; }

    /// <summary>The problem's detail, or <see langword="null"/>.</summary>
    public string? Detail { get; }

    /// <summary>The validation errors written as <c>errors</c>, or <see langword="null"/>.</summary>
    public IReadOnlyList<ValidationError>? Errors { get; }

    /// <inheritdoc />
    public ValueTask ExecuteAsync(Scope scope, Send send, JsonSerializerOptions jsonOptions) =>
        ProblemResponses.WriteAsync(scope, send, StatusCode, Title, Detail, Errors, jsonOptions);
}