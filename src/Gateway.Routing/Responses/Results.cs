using System.Text.Json.Serialization.Metadata;

namespace Gateway.Routing;

/// <summary>
/// Makes responses, as Minimal APIs' <c>Results</c>: every factory returns a <see cref="Response"/> (an app), so a
/// handler can return different kinds from different branches (<c>found ? Results.Ok(item) : Results.NotFound()</c>)
/// and anything that runs apps can send them. Document a handler's possible responses with
/// <see cref="RouteDocumentation.Produces{T}(RouteBuilder, int)"/> and
/// <see cref="RouteDocumentation.ProducesProblem(RouteBuilder, int, string)"/>.
/// </summary>
/// <remarks>JSON values are written with the options of the route that returns them (the router's
/// <see cref="RouterOptions.JsonOptions"/> or the handler's), or <see cref="JsonDefaults.Options"/> when the response is
/// invoked on its own. Problems are RFC 9457 <c>application/problem+json</c>, written as the router writes its 404.</remarks>
public static class Results
{
    /// <summary><c>200 OK</c> with an empty body.</summary>
    /// <returns>The response.</returns>
    public static Response Ok() => new BytesResponse(default, null, 200);

    /// <summary><c>200 OK</c> with <paramref name="value"/> as JSON.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The response.</returns>
    public static Response Ok<T>(T value) => new JsonResponse<T>(value);

    /// <summary><c>200 OK</c> with <paramref name="value"/> as JSON (as <see cref="Ok{T}(T)"/>).</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The response.</returns>
    public static Response Json<T>(T value) => new JsonResponse<T>(value);

    /// <summary><paramref name="status"/> with <paramref name="value"/> as JSON.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="status">The status.</param>
    /// <returns>The response.</returns>
    public static Response Json<T>(T value, int status) => new JsonResponse<T>(value, status, null);

    /// <summary><c>200 OK</c> with <paramref name="value"/> serialized by source-generated metadata.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">The metadata, such as <c>MyContext.Default.User</c>.</param>
    /// <returns>The response.</returns>
    public static Response Json<T>(T value, JsonTypeInfo<T> typeInfo) => new JsonResponse<T>(value, typeInfo);

    /// <summary><paramref name="status"/> with <paramref name="value"/> serialized by source-generated metadata.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">The metadata, such as <c>MyContext.Default.User</c>.</param>
    /// <param name="status">The status.</param>
    /// <returns>The response.</returns>
    public static Response Json<T>(T value, JsonTypeInfo<T> typeInfo, int status) => new JsonResponse<T>(value, typeInfo, status, null);

    /// <summary><c>201 Created</c> with a <c>location</c> header and the created resource as JSON.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="location">The new resource's URL, already percent-encoded.</param>
    /// <param name="value">The created resource.</param>
    /// <returns>The response.</returns>
    public static Response Created<T>(string location, T value)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        return new JsonResponse<T>(value, 201, [new Header("location", location)]);
    }

    /// <summary><c>202 Accepted</c> with <paramref name="value"/> as JSON and, when given, a <c>location</c> header.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="location">Where to follow the work, or null.</param>
    /// <param name="value">The value.</param>
    /// <returns>The response.</returns>
    public static Response Accepted<T>(string? location, T value) =>
        new JsonResponse<T>(value, 202, location is null ? null : [new Header("location", location)]);

    /// <summary><c>204 No Content</c>.</summary>
    /// <returns>The response.</returns>
    public static Response NoContent() => new BytesResponse(default, null, 204);

    /// <summary>A response with <paramref name="status"/> and no body.</summary>
    /// <param name="status">The status, 200 to 599.</param>
    /// <returns>The response.</returns>
    public static Response StatusCode(int status) => new BytesResponse(default, null, status);

    /// <summary>Text, UTF-8 encoded.</summary>
    /// <param name="text">The text.</param>
    /// <param name="contentType">The content type.</param>
    /// <param name="status">The status.</param>
    /// <returns>The response.</returns>
    public static Response Text(string text, string contentType = "text/plain; charset=utf-8", int status = 200) => new TextResponse(text, status, contentType);

    /// <summary>Bytes.</summary>
    /// <param name="body">The body; it must not change while it is sent.</param>
    /// <param name="contentType">The content type.</param>
    /// <param name="status">The status.</param>
    /// <returns>The response.</returns>
    public static Response Bytes(ReadOnlyMemory<byte> body, string contentType = "application/octet-stream", int status = 200) => new BytesResponse(body, contentType, status);

    /// <summary>A file, with ranges, conditional requests and <c>etag</c>/<c>last-modified</c> (see
    /// <see cref="FileResponse"/>); a missing file is a 404 problem.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="contentType">The content type, or null to infer it from the extension.</param>
    /// <param name="downloadName">A name to offer as an attachment, or null to show it inline.</param>
    /// <returns>The response.</returns>
    public static Response File(string path, string? contentType = null, string? downloadName = null) => new FileResponse(path, contentType, downloadName: downloadName);

    /// <summary>A redirect: 302 by default, 301 when permanent, 307/308 when the method and body must be kept.</summary>
    /// <param name="url">The target URL, already percent-encoded.</param>
    /// <param name="permanent">Whether the move is permanent.</param>
    /// <param name="preserveMethod">Whether the client must repeat the same method and body.</param>
    /// <returns>The response.</returns>
    public static Response Redirect(string url, bool permanent = false, bool preserveMethod = false) =>
        new RedirectResponse(url, (permanent, preserveMethod) switch { (false, false) => 302, (true, false) => 301, (false, true) => 307, _ => 308 });

    /// <summary>A body streamed chunk by chunk (chunked transfer, no <c>content-length</c>).</summary>
    /// <param name="chunks">The chunks.</param>
    /// <param name="contentType">The content type, such as <c>application/octet-stream</c>.</param>
    /// <returns>The response.</returns>
    public static Response Stream(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, string contentType) => new StreamingResponse(chunks, contentType);

    /// <summary>A stream copied to the body, then disposed.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="contentType">The content type, such as <c>application/octet-stream</c>.</param>
    /// <returns>The response.</returns>
    public static Response Stream(Stream stream, string contentType) => StreamingResponse.FromStream(stream, contentType);

    /// <summary>Server-sent events (<c>text/event-stream</c>), flushed one by one.</summary>
    /// <param name="events">The events.</param>
    /// <returns>The response.</returns>
    public static Response ServerSentEvents(IAsyncEnumerable<ServerSentEvent> events) => new ServerSentEventsResponse(events);

    /// <summary>An RFC 9457 problem.</summary>
    /// <param name="status">The status, 400 to 599.</param>
    /// <param name="detail">An explanation of this occurrence for the client, or null.</param>
    /// <param name="title">A summary; the status's reason phrase when null.</param>
    /// <param name="type">A URI identifying the problem type; <c>about:blank</c> when null.</param>
    /// <returns>The response.</returns>
    public static Response Problem(int status, string? detail = null, string? title = null, string? type = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        return new ProblemResponse(new ProblemDetails(status) { Detail = detail, Title = title, Type = type ?? "about:blank" });
    }

    /// <summary>An RFC 9457 problem.</summary>
    /// <param name="problem">The problem.</param>
    /// <returns>The response.</returns>
    public static Response Problem(ProblemDetails problem) => new ProblemResponse(problem);

    /// <summary>The 422 problem listing <paramref name="errors"/>, exactly as handlers answer invalid requests: for checks
    /// a handler makes itself.</summary>
    /// <param name="errors">The errors; at least one.</param>
    /// <returns>The response.</returns>
    public static Response ValidationProblem(IReadOnlyList<ValidationError> errors) => new ProblemResponse(ProblemDetails.ForValidation(errors));

    /// <summary>A <c>400 Bad Request</c> problem.</summary>
    /// <param name="detail">The detail, or null.</param>
    /// <returns>The response.</returns>
    public static Response BadRequest(string? detail = null) => Problem(400, detail);

    /// <summary>A <c>401 Unauthorized</c> problem.</summary>
    /// <param name="detail">The detail, or null.</param>
    /// <param name="challenge">The <c>www-authenticate</c> challenge, such as <c>Bearer</c>, or null.</param>
    /// <returns>The response.</returns>
    public static Response Unauthorized(string? detail = null, string? challenge = "Bearer") =>
        new ProblemResponse(new ProblemDetails(401) { Detail = detail }, challenge is null ? null : [new Header("www-authenticate", challenge)]);

    /// <summary>A <c>403 Forbidden</c> problem.</summary>
    /// <param name="detail">The detail, or null.</param>
    /// <returns>The response.</returns>
    public static Response Forbidden(string? detail = null) => Problem(403, detail);

    /// <summary>A <c>404 Not Found</c> problem, as the router answers a path that matches nothing.</summary>
    /// <param name="detail">The detail, or null.</param>
    /// <returns>The response.</returns>
    public static Response NotFound(string? detail = null) => Problem(404, detail);

    /// <summary>A <c>409 Conflict</c> problem.</summary>
    /// <param name="detail">The detail, or null.</param>
    /// <returns>The response.</returns>
    public static Response Conflict(string? detail = null) => Problem(409, detail);
}