using System.Collections;
using System.Globalization;
using System.Text.Json;

using Gateway.Routing;

namespace Gateway.Validation.Responses;

/// <summary>Writes RFC 9457 <c>application/problem+json</c> responses: the 422 listing validation errors in FastAPI's
/// shape, and the 413 and 415 of body reading.</summary>
internal static class ProblemResponses
{
    public const string ValidationTitle = "Unprocessable Content";

    private static readonly Headers ProblemHeaders = Headers.Create([new Header("content-type", ProblemDetails.ContentType)]);

    public static string ValidationDetail(int count) =>
        count == 1 ? "The request has 1 validation error." : $"The request has {count} validation errors.";

    public static string TypeFor(int status) => status switch
    {
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        _ => "about:blank",
    };

    public static ValueTask WriteValidationAsync(Scope scope, Send send, IReadOnlyList<ValidationError> errors, JsonSerializerOptions options) =>
        WriteAsync(scope, send, 422, ValidationTitle, ValidationDetail(errors.Count), errors, options);

    public static async ValueTask WriteAsync(Scope scope, Send send, int status, string title, string? detail, IReadOnlyList<ValidationError>? errors, JsonSerializerOptions options)
    {
        await send(new HttpResponseStart(status, ProblemHeaders)).ConfigureAwait(false);
        var body = ResponseBodyWriter.Create(scope, send);
        Write(body, status, title, detail, errors, options);
        await body.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Refuses a WebSocket handshake with the 422 problem when the server can send a denial response.</summary>
    public static async ValueTask DenyWebSocketAsync(Send send, IReadOnlyList<ValidationError> errors, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var body = new System.Buffers.ArrayBufferWriter<byte>(512);
        Write(body, 422, ValidationTitle, ValidationDetail(errors.Count), errors, options);
        await send(new WebSocketHttpResponseStart(422, ProblemHeaders), cancellationToken).ConfigureAwait(false);
        await send(new WebSocketHttpResponseBody(body.WrittenMemory), cancellationToken).ConfigureAwait(false);
    }

    // Routing's RFC 9457 writer, with the errors array written through its extension-member hook.
    private static void Write(System.Buffers.IBufferWriter<byte> body, int status, string title, string? detail, IReadOnlyList<ValidationError>? errors, JsonSerializerOptions options)
    {
        var problem = new ProblemDetails(status)
        {
            Type = TypeFor(status),
            Title = title,
            Detail = detail,
            Extensions = errors is null ? null : writer =>
            {
                writer.WritePropertyName("errors"u8);
                WriteErrors(writer, errors, options);
            },
        };
        using var writer = new Utf8JsonWriter(body);
        problem.WriteTo(writer);
    }

    public static void WriteErrors(Utf8JsonWriter writer, IReadOnlyList<ValidationError> errors, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var error in errors)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("loc"u8);
            writer.WriteStartArray();
            foreach (var item in error.Location)
            {
                WriteValue(writer, item, options, 0);
            }

            writer.WriteEndArray();
            writer.WriteString("type"u8, error.Type);
            writer.WriteString("msg"u8, error.Message);
            if (error.HasInput)
            {
                writer.WritePropertyName("input"u8);
                WriteValue(writer, error.Input, options, 0);
            }

            if (error.Context is not null)
            {
                writer.WritePropertyName("ctx"u8);
                WriteValue(writer, error.Context, options, 0);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a value an error carries: JSON as it arrived, text, numbers, dictionaries and lists, or whatever the
    /// serializer makes of anything else.</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value, JsonSerializerOptions options, int depth)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case int or long or short or byte or sbyte or uint or ushort:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong unsigned:
                writer.WriteNumberValue(unsigned);
                break;
            case double real:
                WriteDouble(writer, real);
                break;
            case float single:
                WriteDouble(writer, single);
                break;
            case decimal exact:
                writer.WriteNumberValue(exact);
                break;
            case IDictionary<string, object?> dictionary when depth < 8:
                writer.WriteStartObject();
                foreach (var pair in dictionary)
                {
                    writer.WritePropertyName(pair.Key);
                    WriteValue(writer, pair.Value, options, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IReadOnlyDictionary<string, object?> dictionary when depth < 8:
                writer.WriteStartObject();
                foreach (var pair in dictionary)
                {
                    writer.WritePropertyName(pair.Key);
                    WriteValue(writer, pair.Value, options, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable sequence and not IDictionary when depth < 8:
                writer.WriteStartArray();
                foreach (var item in sequence)
                {
                    WriteValue(writer, item, options, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                try
                {
                    var bytes = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), options);
                    writer.WriteRawValue(bytes, skipInputValidation: true);
                }
                catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException)
                {
                    writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                }

                break;
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }
}