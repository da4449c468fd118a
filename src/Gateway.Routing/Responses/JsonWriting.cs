using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gateway.Routing;

/// <summary>The one JSON writer of responses: serializes into the response pipe with a per-thread reused
/// <see cref="Utf8JsonWriter"/>, so a small JSON response allocates neither a writer nor an intermediate array.</summary>
internal static class JsonWriting
{
    private static readonly System.Buffers.ArrayBufferWriter<byte> Detached = new(1);

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options) =>
        (JsonTypeInfo<T>)JsonDefaults.Freeze(options).GetTypeInfo(typeof(T));

    public static async ValueTask WriteAsync<T>(Scope scope, Send send, int status, Headers headers, T value, JsonTypeInfo<T> typeInfo)
    {
        await send(new HttpResponseStart(status, headers), scope.Aborted).ConfigureAwait(false);
        var body = ResponseBodyWriter.Create(scope, send);
        try
        {
            Serialize(body, value, typeInfo);
        }
        catch (Exception exception)
        {
            await body.CompleteAsync(exception).ConfigureAwait(false);
            throw;
        }

        await body.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Serializes to UTF-8 bytes with the same writer settings (for WebSocket messages).</summary>
    public static void Serialize<T>(System.Buffers.IBufferWriter<byte> output, T value, JsonTypeInfo<T> typeInfo)
    {
        // The cached writer is reused only when it was made with the same encoder (the default options' nearly always).
        var writer = t_writer;
        if (writer is null || !ReferenceEquals(writer.Options.Encoder, typeInfo.Options.Encoder))
        {
            writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true, Encoder = typeInfo.Options.Encoder });
        }
        else
        {
            t_writer = null;
            writer.Reset(output);
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