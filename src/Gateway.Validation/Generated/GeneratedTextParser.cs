using System.ComponentModel;
using System.Numerics;

using Gateway.Validation.Text;

namespace Gateway.Validation.Generated;

/// <summary>Parses a text value of a generated handler's parameter (path, query, header, cookie, form) or a JSON string
/// into <typeparamref name="T"/>; made by <see cref="GeneratedText"/>. For generated code; not a stable API.</summary>
/// <typeparam name="T">The type parsed.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedTextParser<T>
{
    internal GeneratedTextParser(TextParser<T> parser) => Parser = parser;

    internal TextParser<T> Parser { get; }
}

/// <summary>A static <c>TryParse</c> of <typeparamref name="T"/>, as generated code calls it (a plain
/// <c>TryParse(string, out T)</c> ignores the provider).</summary>
/// <typeparam name="T">The type parsed.</typeparam>
/// <param name="text">The text.</param>
/// <param name="provider">The invariant culture.</param>
/// <param name="value">The value parsed.</param>
/// <returns>Whether the text parsed.</returns>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate bool GeneratedTryParse<T>(string text, IFormatProvider? provider, out T value);

/// <summary>The text parsers generated code chooses at compile time, as the reflection path chooses them by type. For
/// generated code; not a stable API.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedText
{
    /// <summary>Text as it is.</summary>
    /// <returns>The parser.</returns>
    public static GeneratedTextParser<string> ForString() => new(StringTextParser.Instance);

    /// <summary>Booleans, laxly (<c>true</c>, <c>1</c>, <c>yes</c>, <c>on</c> ...).</summary>
    /// <returns>The parser.</returns>
    public static GeneratedTextParser<bool> ForBoolean() => new(BooleanTextParser.Instance);

    /// <summary>Enum names or values.</summary>
    /// <typeparam name="T">The enum.</typeparam>
    /// <returns>The parser.</returns>
    public static GeneratedTextParser<T> ForEnum<T>()
        where T : struct, Enum => new(new EnumTextParser<T>());

    /// <summary>An integer type.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <returns>The parser.</returns>
    public static GeneratedTextParser<T> ForInteger<T>()
        where T : IBinaryInteger<T> => new(new IntegerTextParser<T>());

    /// <summary>A floating-point or decimal type.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <returns>The parser.</returns>
    public static GeneratedTextParser<T> ForFloat<T>()
        where T : INumberBase<T> => new(new FloatTextParser<T>());

    /// <summary><see cref="System.DateTime"/>.</summary>
    /// <returns>The parser.</returns>
    public static GeneratedTextParser<DateTime> ForDateTime() => new(DateTimeTextParser.Instance);

    /// <summary><see cref="System.DateTimeOffset"/>.</summary>
    /// <returns>The parser.</returns>
    public static GeneratedTextParser<DateTimeOffset> ForDateTimeOffset() => new(DateTimeOffsetTextParser.Instance);

    /// <summary><see cref="System.Uri"/>.</summary>
    /// <returns>The parser.</returns>
    public static GeneratedTextParser<Uri> ForUri() => new(UriTextParser.Instance);

    /// <summary>A type implementing <see cref="ISpanParsable{TSelf}"/> (GUIDs, dates, times ...).</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <returns>The parser.</returns>
    public static GeneratedTextParser<T> ForSpanParsable<T>()
        where T : ISpanParsable<T>
    {
        var kind = ErrorKind.For(typeof(T));
        return new(new SpanParsableTextParser<T>(kind.Parse, kind.Type));
    }

    /// <summary>A type with a static <c>TryParse</c>.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="tryParse">Calls it.</param>
    /// <returns>The parser.</returns>
    public static GeneratedTextParser<T> ForTryParse<T>(GeneratedTryParse<T> tryParse)
    {
        ArgumentNullException.ThrowIfNull(tryParse);
        return new(new TryParseTextParser<T>(tryParse));
    }

    /// <summary><see cref="Nullable{T}"/> of a parsable value type.</summary>
    /// <typeparam name="T">The underlying type.</typeparam>
    /// <param name="inner">Its parser.</param>
    /// <returns>The parser.</returns>
    public static GeneratedTextParser<T?> ForNullable<T>(GeneratedTextParser<T> inner)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new(new NullableTextParser<T>(inner.Parser));
    }
}