using System.Buffers;
using System.Text.Json;

namespace Gateway.Routing;

/// <summary>
/// An RFC 9457 problem: the body of every error response the framework sends (the router's 404 and 405, a handler's 400,
/// 413, 415 and 422, the 500 of an exception), written as <c>application/problem+json</c> straight into a writer, so
/// every error looks alike on the wire: <c>type</c> (<c>about:blank</c> unless a problem type says more), <c>title</c>
/// (the status's reason phrase unless set), <c>status</c>, then <c>detail</c>, <c>instance</c>, the FastAPI-shaped
/// <c>errors</c> of a validation problem, and any extension members written by <see cref="Extensions"/>.
/// </summary>
/// <param name="status">The HTTP status, also written as the <c>status</c> member.</param>
public sealed class ProblemDetails(int status)
{
    /// <summary>The media type of problem bodies.</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>The HTTP status.</summary>
    public int Status { get; } = status is >= 100 and <= 599 ? status : throw new ArgumentOutOfRangeException(nameof(status));

    /// <summary>A URI identifying the problem type; <c>about:blank</c> (the default) means "see the status".</summary>
    public string Type { get; init; } = "about:blank";

    /// <summary>A short summary; defaults to the status's reason phrase (<c>Not Found</c>).</summary>
    public string? Title { get; init; }

    /// <summary>An explanation of this occurrence for the client, or null. Never put exception details here.</summary>
    public string? Detail { get; init; }

    /// <summary>A URI identifying this occurrence, or null.</summary>
    public string? Instance { get; init; }

    /// <summary>The validation errors, written as the <c>errors</c> array in FastAPI's shape (<c>loc</c>, <c>type</c>,
    /// <c>msg</c>, <c>input</c>, <c>ctx</c>), or null for none.</summary>
    public IReadOnlyList<ValidationError>? Errors { get; init; }

    /// <summary>Writes extension members after the standard ones (the writer is inside the object): for example
    /// <c>w =&gt; { w.WritePropertyName("errors"); ... }</c>. Must not write <c>type</c>, <c>title</c>, <c>status</c>,
    /// <c>detail</c> or <c>instance</c>.</summary>
    public Action<Utf8JsonWriter>? Extensions { get; init; }

    /// <summary>The 422 problem listing <paramref name="errors"/>, as handlers answer invalid requests.</summary>
    /// <param name="errors">The errors; at least one.</param>
    /// <returns>The problem, with a detail that counts the errors.</returns>
    public static ProblemDetails ForValidation(IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count, nameof(errors));
        var detail = errors.Count == 1
            ? "The request has 1 validation error."
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The request has {errors.Count} validation errors.");
        return new ProblemDetails(422) { Detail = detail, Errors = errors };
    }

    /// <summary>The standard reason phrase of a status, such as <c>Not Found</c> for 404.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The phrase, or <c>Error</c> for an unknown status.</returns>
    public static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    };

    /// <summary>Serializes a problem into a new array (for small bodies that need a <c>content-length</c>).</summary>
    /// <param name="problem">The problem.</param>
    /// <returns>The UTF-8 JSON.</returns>
    public static byte[] Serialize(ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonDefaults.Options.Encoder }))
        {
            problem.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the problem as one JSON object.</summary>
    /// <param name="writer">The writer; it is not flushed.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("type"u8, Type);
        writer.WriteString("title"u8, Title ?? ReasonPhrase(Status));
        writer.WriteNumber("status"u8, Status);
        if (Detail is not null)
        {
            writer.WriteString("detail"u8, Detail);
        }

        if (Instance is not null)
        {
            writer.WriteString("instance"u8, Instance);
        }

        if (Errors is not null)
        {
            writer.WritePropertyName("errors"u8);
            ValidationErrorWriter.Write(writer, Errors);
        }

        Extensions?.Invoke(writer);
        writer.WriteEndObject();
    }
}