using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gateway.Benchmarks.Kestrel;

/// <summary>
/// The <c>raw</c> Kestrel peer: the benchmark endpoints in one <c>app.Run</c> delegate, a switch on method and path, no
/// routing, POST /users validated by hand with the same <see cref="UserInputValidator"/> the Gateway raw shape uses.
/// </summary>
internal static class RawApp
{
    private const string UsersPrefix = "/users/";
    private const int MaxUserBodySize = 64 * 1024;
    private static readonly byte[] HelloWorld = "Hello, World!"u8.ToArray();

    /// <summary>Serves one request.</summary>
    /// <param name="context">The request.</param>
    /// <returns>A task that completes when the response is done.</returns>
    public static Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (HttpMethods.IsGet(request.Method))
        {
            if (path == "/plaintext")
            {
                return WriteAsync(context.Response, "text/plain", HelloWorld);
            }

            if (path == "/json")
            {
                return WriteJsonAsync(context.Response, 200, new HelloMessage("Hello, World!"), BenchmarkJsonContext.Default.HelloMessage);
            }

            if (path.StartsWith(UsersPrefix, StringComparison.Ordinal)
                && int.TryParse(path.AsSpan(UsersPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return WriteJsonAsync(context.Response, 200, new User(id, "alice", 30), BenchmarkJsonContext.Default.User);
            }

            if (path == "/ws/echo")
            {
                return WebSocketEcho.HandleAsync(context);
            }
        }
        else if (HttpMethods.IsPost(request.Method))
        {
            if (path == "/echo")
            {
                return EchoAsync(context);
            }

            if (path == "/users")
            {
                return CreateUserAsync(context);
            }
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return WriteAsync(context.Response, "text/plain", "Not Found"u8.ToArray());
    }

    private static Task WriteAsync(HttpResponse response, string contentType, byte[] body)
    {
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    private static Task WriteJsonAsync<T>(HttpResponse response, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        response.StatusCode = status;
        return WriteAsync(response, "application/json", JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
    }

    private static async Task EchoAsync(HttpContext context)
    {
        context.Response.ContentType = "application/octet-stream";
        if (context.Request.ContentLength is { } length)
        {
            context.Response.ContentLength = length;
        }

        await context.Request.BodyReader.CopyToAsync(context.Response.BodyWriter);
    }

    private static async Task CreateUserAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync();
            if (read.Buffer.Length > MaxUserBodySize)
            {
                reader.AdvanceTo(read.Buffer.End);
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            if (read.IsCompleted)
            {
                break;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var buffer = read.Buffer;
        var valid = buffer.IsSingleSegment
            ? UserInputValidator.TryValidate(buffer.FirstSpan, out var user, out var problem)
            : UserInputValidator.TryValidate(buffer.ToArray(), out user, out problem);
        reader.AdvanceTo(buffer.End);
        if (valid)
        {
            await WriteJsonAsync(context.Response, StatusCodes.Status201Created, user!, BenchmarkJsonContext.Default.User);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await WriteAsync(context.Response, UserInputValidator.ProblemContentType, problem!);
        }
    }
}