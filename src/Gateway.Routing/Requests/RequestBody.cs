using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gateway.Routing;

/// <summary>Reads a whole request body, bounded, and JSON bodies through System.Text.Json.</summary>
public static class RequestBody
{
    /// <summary>A sensible limit for JSON bodies: 1 MiB.</summary>
    public const long DefaultMaxJsonSize = 1024 * 1024;

    /// <summary>Reads the whole body into memory. A declared <c>content-length</c> over the limit is refused before
    /// reading.</summary>
    /// <param name="scope">The HTTP scope.</param>
    /// <param name="receive">The receive delegate; the body is consumed.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body.</returns>
    /// <exception cref="HttpException">413 when the body is larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="ClientDisconnectedException">The client left before the body was complete.</exception>
    public static async ValueTask<ReadOnlyMemory<byte>> ReadAsync(Scope scope, Receive receive, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(receive);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var (buffer, length) = await PooledBody.ReadAsync(scope, receive, maxBytes, cancellationToken).ConfigureAwait(false);
        if (buffer is null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        // The caller keeps the bytes, so they leave the pool in an exact copy.
        var body = buffer.AsSpan(0, length).ToArray();
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        return body;
    }

    /// <summary>Reads and deserializes a JSON body with source-generated (or resolved) metadata.</summary>
    /// <typeparam name="T">The body type.</typeparam>
    /// <param name="scope">The HTTP scope.</param>
    /// <param name="receive">The receive delegate.</param>
    /// <param name="typeInfo">The metadata.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value (null for a JSON <c>null</c>).</returns>
    /// <exception cref="HttpException">413 when the body is too large.</exception>
    /// <exception cref="JsonException">The body is not valid JSON for <typeparamref name="T"/>.</exception>
    public static async ValueTask<T?> ReadJsonAsync<T>(Scope scope, Receive receive, JsonTypeInfo<T> typeInfo, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var body = await ReadAsync(scope, receive, maxBytes, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(body.Span, typeInfo);
    }

    /// <summary>Reads and deserializes a JSON body with reflection-based options.</summary>
    /// <typeparam name="T">The body type.</typeparam>
    /// <param name="scope">The HTTP scope.</param>
    /// <param name="receive">The receive delegate.</param>
    /// <param name="options">The options; <see cref="JsonSerializerOptions.Web"/> when null.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value.</returns>
    /// <exception cref="HttpException">413 when the body is too large.</exception>
    /// <exception cref="JsonException">The body is not valid JSON for <typeparamref name="T"/>.</exception>
    [RequiresUnreferencedCode("Reflection-based JSON deserialization; use the JsonTypeInfo<T> overload for trimming.")]
    [RequiresDynamicCode("Reflection-based JSON deserialization; use the JsonTypeInfo<T> overload for AOT.")]
    public static async ValueTask<T?> ReadJsonAsync<T>(Scope scope, Receive receive, JsonSerializerOptions? options, long maxBytes, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(scope, receive, maxBytes, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize<T>(body.Span, options ?? JsonSerializerOptions.Web);
    }

    /// <summary>The media type of the request (<c>content-type</c> without parameters, lower case), or null.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The media type.</returns>
    public static string? GetMediaType(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Headers.GetValue("content-type") is not { } contentType)
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    /// <summary>Refuses a declared <c>content-length</c> over <paramref name="maxBytes"/> before anything is read.</summary>
    /// <returns>The declared length, or -1 when there is none.</returns>
    /// <exception cref="HttpException">413 when the declared length is over the limit.</exception>
    internal static long ThrowIfDeclaredTooLarge(Scope scope, long maxBytes)
    {
        var declared = DeclaredLength(scope);
        if (declared > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        return declared;
    }

    /// <summary>The declared <c>content-length</c>, read from the header's bytes (no string), or -1.</summary>
    internal static long DeclaredLength(Scope scope) =>
        scope.Headers.TryGetValue("content-length"u8, out var value)
            && System.Buffers.Text.Utf8Parser.TryParse(value.Span, out long length, out var consumed) && consumed == value.Length
            ? length
            : -1;

    internal static HttpException TooLarge(long maxBytes) =>
        new(413, string.Create(CultureInfo.InvariantCulture, $"The request body is larger than {maxBytes} bytes."));
}