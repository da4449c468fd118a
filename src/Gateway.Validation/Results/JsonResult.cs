using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Gateway.Validation.Responses;

namespace Gateway.Validation;

/// <summary>A JSON value sent with a status code and, for <c>201 Created</c>, a <c>location</c> header.</summary>
/// <typeparam name="T">The value's type; the OpenAPI document describes the response with it.</typeparam>
public sealed class JsonResult<T> : IHandlerResult
{
    internal JsonResult(int statusCode, T value, string? location)
    {
        StatusCode = statusCode;
        Value = value;
        Location = location;
    }

    /// <summary>The status code.</summary>
    public int StatusCode { get; }

    /// <summary>The value serialized as the body.</summary>
    public T Value { get; }

    /// <summary>The <c>location</c> header, or <see langword="null"/>.</summary>
    public string? Location { get; }

    /// <inheritdoc />
    public ValueTask ExecuteAsync(Scope scope, Send send, JsonSerializerOptions jsonOptions)
    {
        ArgumentNullException.ThrowIfNull(jsonOptions);
        var typeInfo = (JsonTypeInfo<T>)jsonOptions.GetTypeInfo(typeof(T));
        var headers = Location is null ? JsonResponses.JsonHeaders : JsonResponses.HeadersWithLocation(Location);
        return JsonResponses.WriteAsync(scope, send, StatusCode, headers, Value, typeInfo);
    }
}