using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gateway.Validation.Responses;

/// <summary>Writes JSON responses straight into the response pipe with a reused <see cref="Utf8JsonWriter"/>.</summary>
internal static class JsonResponses
{
    public static readonly Headers JsonHeaders = Headers.Create([new Header("content-type", "application/json")]);

    private static readonly System.Buffers.ArrayBufferWriter<byte> Detached = new(1);

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static Headers HeadersWithLocation(string location) =>
        Headers.Create([new Header("content-type", "application/json"), new Header("location", location)]);

    public static async ValueTask WriteAsync<T>(Scope scope, Send send, int status, Headers headers, T value, JsonTypeInfo<T> typeInfo)
    {
        await send(new HttpResponseStart(status, headers)).ConfigureAwait(false);
        var body = ResponseBodyWriter.Create(scope, send);
        Serialize(body, value, typeInfo);
        await body.CompleteAsync().ConfigureAwait(false);
    }

    private static void Serialize<T>(System.IO.Pipelines.PipeWriter body, T value, JsonTypeInfo<T> typeInfo)
    {
        var writer = t_writer;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true });
        }
        else
        {
            t_writer = null;
            writer.Reset(body);
        }

        try
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
            writer.Flush();
        }
        finally
        {
            writer.Reset(Detached);
            t_writer = writer;
        }
    }
}