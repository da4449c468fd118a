using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Gateway.Routing;

/// <summary>Writes <see cref="ValidationError"/>s as FastAPI writes them: an array of <c>{loc, type, msg, input, ctx}</c>.</summary>
internal static class ValidationErrorWriter
{
    private const int MaxDepth = 8;

    public static void Write(Utf8JsonWriter writer, IReadOnlyList<ValidationError> errors)
    {
        writer.WriteStartArray();
        foreach (var error in errors)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("loc"u8);
            writer.WriteStartArray();
            foreach (var item in error.Location)
            {
                WriteValue(writer, item, 0);
            }

            writer.WriteEndArray();
            writer.WriteString("type"u8, error.Type);
            writer.WriteString("msg"u8, error.Message);
            if (error.HasInput)
            {
                writer.WritePropertyName("input"u8);
                WriteValue(writer, error.Input, 0);
            }

            if (error.Context is not null)
            {
                writer.WritePropertyName("ctx"u8);
                WriteValue(writer, error.Context, 0);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a value an error carries: JSON as it arrived, text, numbers, dates, dictionaries and lists; anything
    /// else as its invariant text (no reflection, so the writer is trim- and AOT-safe).</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value, int depth)
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
            case System.Text.Json.Nodes.JsonNode node:
                node.WriteTo(writer);
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
            case DateTime date:
                writer.WriteStringValue(date);
                break;
            case DateTimeOffset date:
                writer.WriteStringValue(date);
                break;
            case Guid guid:
                writer.WriteStringValue(guid);
                break;
            case IEnumerable<KeyValuePair<string, object?>> members when depth < MaxDepth:
                // Dictionaries (IDictionary and IReadOnlyDictionary alike): the limits of an error's ctx.
                writer.WriteStartObject();
                foreach (var pair in members)
                {
                    writer.WritePropertyName(pair.Key);
                    WriteValue(writer, pair.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable sequence and not IDictionary when depth < MaxDepth:
                writer.WriteStartArray();
                foreach (var item in sequence)
                {
                    WriteValue(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
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