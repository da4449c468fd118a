using System.Text.Json.Serialization.Metadata;

namespace Gateway.Benchmarks.Endpoints;

/// <summary>The response messages the endpoints send. Heads and constant bodies are immutable messages built once and
/// reused by every request; bodies that carry request data are serialized per request.</summary>
internal static class Responses
{
    /// <summary>The most bytes a <c>POST /users</c> body may have; a larger one gets 413.</summary>
    public const int MaxUserBodySize = 64 * 1024;

    /// <summary><c>200 text/plain</c>.</summary>
    public static HttpResponseStart PlaintextStart { get; } = new(200, [new("content-type", "text/plain")]);

    /// <summary><c>Hello, World!</c>.</summary>
    public static HttpResponseBody PlaintextBody { get; } = new("Hello, World!"u8.ToArray());

    /// <summary><c>200 application/json</c>.</summary>
    public static HttpResponseStart JsonStart { get; } = new(200, [new("content-type", "application/json")]);

    /// <summary><c>201 application/json</c>.</summary>
    public static HttpResponseStart CreatedStart { get; } = new(201, [new("content-type", "application/json")]);

    /// <summary><c>422 application/problem+json</c>.</summary>
    public static HttpResponseStart UnprocessableStart { get; } = new(422, [new("content-type", UserInputValidator.ProblemContentType)]);

    /// <summary><c>200 application/octet-stream</c>, for the echo.</summary>
    public static HttpResponseStart OctetStreamStart { get; } = new(200, [new("content-type", "application/octet-stream")]);

    private static HttpResponseStart NotFoundStart { get; } = new(404, [new("content-type", "text/plain")]);

    private static HttpResponseBody NotFoundBody { get; } = new("Not Found"u8.ToArray());

    private static HttpResponseStart PayloadTooLargeStart { get; } = new(413, [new("content-type", "text/plain")]);

    private static HttpResponseBody PayloadTooLargeBody { get; } = new("Payload Too Large"u8.ToArray());

    /// <summary>Sends a whole response: a head and one final body (so the server gives it a content-length).</summary>
    /// <param name="send">The request's send.</param>
    /// <param name="start">The head.</param>
    /// <param name="body">The body.</param>
    /// <returns>A task that completes when both were sent.</returns>
    public static ValueTask SendAsync(Send send, HttpResponseStart start, HttpResponseBody body)
    {
        var sending = send(start);
        return sending.IsCompletedSuccessfully ? send(body) : AwaitThenSendAsync(sending, send, body);

        static async ValueTask AwaitThenSendAsync(ValueTask sending, Send send, HttpResponseBody body)
        {
            await sending.ConfigureAwait(false);
            await send(body).ConfigureAwait(false);
        }
    }

    /// <summary>Serializes <paramref name="value"/> with source-generated metadata and sends it as a whole response.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="send">The request's send.</param>
    /// <param name="start">The head (status and content-type).</param>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">Its metadata, from <see cref="BenchmarkJsonContext"/>.</param>
    /// <returns>A task that completes when the response was sent.</returns>
    public static ValueTask SendJsonAsync<T>(Send send, HttpResponseStart start, T value, JsonTypeInfo<T> typeInfo) =>
        SendAsync(send, start, new HttpResponseBody(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, typeInfo)));

    /// <summary>Answers 404 Not Found.</summary>
    /// <param name="send">The request's send.</param>
    /// <returns>A task that completes when the response was sent.</returns>
    public static ValueTask NotFoundAsync(Send send) => SendAsync(send, NotFoundStart, NotFoundBody);

    /// <summary>Answers 413 Payload Too Large.</summary>
    /// <param name="send">The request's send.</param>
    /// <returns>A task that completes when the response was sent.</returns>
    public static ValueTask PayloadTooLargeAsync(Send send) => SendAsync(send, PayloadTooLargeStart, PayloadTooLargeBody);
}