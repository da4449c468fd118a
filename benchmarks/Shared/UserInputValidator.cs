using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Gateway.Benchmarks;

/// <summary>
/// Validates a <c>POST /users</c> body by hand, the way an app without a validation framework would: deserialize with
/// the source-generated <see cref="BenchmarkJsonContext"/>, then check <c>name</c> (1 to 50 characters) and <c>age</c>
/// (0 to 150). Shared by the raw shapes of the Gateway benchmark server and of the Kestrel peer, so both do the same work.
/// </summary>
/// <remarks>
/// An invalid body is answered with an <c>application/problem+json</c> document (RFC 9457) whose <c>errors</c> member
/// lists every problem in FastAPI's shape, which is what Gateway.Validation produces:
/// <c>{"loc":["body","age"],"type":"less_than_equal","msg":"...","input":151,"ctx":{"le":150}}</c>.
/// </remarks>
internal static class UserInputValidator
{
    /// <summary>The fewest characters a name may have.</summary>
    public const int MinNameLength = 1;

    /// <summary>The most characters a name may have.</summary>
    public const int MaxNameLength = 50;

    /// <summary>The lowest valid age.</summary>
    public const int MinAge = 0;

    /// <summary>The highest valid age.</summary>
    public const int MaxAge = 150;

    /// <summary>The media type of <paramref name="problem"/> in <see cref="TryValidate"/>.</summary>
    public const string ProblemContentType = "application/problem+json";

    /// <summary>Reads and validates one body.</summary>
    /// <param name="json">The request body, UTF-8 JSON.</param>
    /// <param name="user">The user to answer with (id 1) when the body is valid.</param>
    /// <param name="problem">The 422 body listing every problem when it is not.</param>
    /// <returns>Whether the body is valid.</returns>
    public static bool TryValidate(ReadOnlySpan<byte> json, [NotNullWhen(true)] out User? user, [NotNullWhen(false)] out byte[]? problem)
    {
        user = null;
        UserInput? input;
        try
        {
            input = JsonSerializer.Deserialize(json, BenchmarkJsonContext.Default.UserInput);
        }
        catch (JsonException exception)
        {
            problem = Problem(exception);
            return false;
        }

        if (input is null)
        {
            problem = Problem(static writer => WriteError(writer, "model_attributes_type", "Input should be a valid dictionary or object", null));
            return false;
        }

        var (name, age) = (input.Name, input.Age);
        var nameValid = name is { Length: >= MinNameLength and <= MaxNameLength };
        var ageValid = age is >= MinAge and <= MaxAge;
        if (nameValid && ageValid)
        {
            user = new User(1, name!, age!.Value);
            problem = null;
            return true;
        }

        problem = Problem(writer =>
        {
            if (!nameValid)
            {
                WriteNameError(writer, name);
            }

            if (!ageValid)
            {
                WriteAgeError(writer, age);
            }
        });
        return false;
    }

    private static void WriteNameError(Utf8JsonWriter writer, string? name)
    {
        if (name is null)
        {
            WriteError(writer, "missing", "Field required", "name");
            return;
        }

        var tooShort = name.Length < MinNameLength;
        WriteErrorStart(
            writer,
            tooShort ? "string_too_short" : "string_too_long",
            tooShort ? "String should have at least 1 character" : "String should have at most 50 characters",
            "name");
        writer.WriteString("input"u8, name);
        writer.WriteStartObject("ctx"u8);
        writer.WriteNumber(tooShort ? "min_length"u8 : "max_length"u8, tooShort ? MinNameLength : MaxNameLength);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteAgeError(Utf8JsonWriter writer, int? age)
    {
        if (age is not { } value)
        {
            WriteError(writer, "missing", "Field required", "age");
            return;
        }

        var tooLow = value < MinAge;
        WriteErrorStart(
            writer,
            tooLow ? "greater_than_equal" : "less_than_equal",
            tooLow ? "Input should be greater than or equal to 0" : "Input should be less than or equal to 150",
            "age");
        writer.WriteNumber("input"u8, value);
        writer.WriteStartObject("ctx"u8);
        writer.WriteNumber(tooLow ? "ge"u8 : "le"u8, tooLow ? MinAge : MaxAge);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static byte[] Problem(JsonException exception) => exception.Path switch
    {
        "$.name" => Problem(static writer => WriteError(writer, "string_type", "Input should be a valid string", "name")),
        "$.age" => Problem(static writer => WriteError(writer, "int_type", "Input should be a valid integer", "age")),
        _ => Problem(static writer => WriteError(writer, "json_invalid", "JSON decode error", null)),
    };

    private static byte[] Problem(Action<Utf8JsonWriter> writeErrors)
    {
        // Error path only: allocating here is fine.
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "about:blank"u8);
            writer.WriteString("title"u8, "Unprocessable Content"u8);
            writer.WriteNumber("status"u8, 422);
            writer.WriteStartArray("errors"u8);
            writeErrors(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteError(Utf8JsonWriter writer, string type, string message, string? member)
    {
        WriteErrorStart(writer, type, message, member);
        writer.WriteEndObject();
    }

    private static void WriteErrorStart(Utf8JsonWriter writer, string type, string message, string? member)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("loc"u8);
        writer.WriteStringValue("body"u8);
        if (member is not null)
        {
            writer.WriteStringValue(member);
        }

        writer.WriteEndArray();
        writer.WriteString("type"u8, type);
        writer.WriteString("msg"u8, message);
    }
}