using System.Diagnostics.CodeAnalysis;

namespace Gateway.Validation.Text;

/// <summary>
/// Converts text (a path segment, a query value, a header, a cookie, a form field, a JSON string) to one .NET type,
/// laxly as Pydantic does for text sources, and knows the Pydantic error to report when it cannot.
/// </summary>
internal abstract class TextParser
{
    protected TextParser(Type type, ErrorKind parseError, ErrorKind typeError)
    {
        Type = type;
        ParseError = parseError;
        TypeError = typeError;
    }

    /// <summary>The type produced.</summary>
    public Type Type { get; }

    /// <summary>The error for text that does not parse (<c>int_parsing</c> ...).</summary>
    public ErrorKind ParseError { get; }

    /// <summary>The error for a JSON value of the wrong kind (<c>int_type</c> ...).</summary>
    public ErrorKind TypeError { get; }

    /// <summary>Whether a value of this type is a JSON number (for schemas and JSON reads).</summary>
    public virtual bool IsNumeric => false;

    public static bool IsIntegerType(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte)
        || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(Int128)
        || type == typeof(UInt128) || type == typeof(nint) || type == typeof(nuint);

    public static bool IsFloatType(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(decimal) || type == typeof(Half);

    internal const string ReflectionMessage = "Text parsers are chosen by reflection over the type; generated handlers name theirs at compile time.";

    /// <summary>Whether <paramref name="type"/> (or the type a <see cref="Nullable{T}"/> wraps) is read from text.</summary>
    [RequiresUnreferencedCode(ReflectionMessage)]
    public static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type.IsEnum || type.IsPrimitive || type == typeof(decimal) || type == typeof(Guid)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly)
            || type == typeof(TimeSpan) || type == typeof(Uri) || type == typeof(Half) || type == typeof(Int128) || type == typeof(UInt128)
            || TryParseTextParser.HasTryParse(type);
    }

    /// <summary>Whether <paramref name="type"/> is one of the types read from text that need no reflection to recognize
    /// (everything <see cref="IsSimple"/> accepts except types with a <c>TryParse</c> method).</summary>
    public static bool IsKnownSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type.IsEnum || type.IsPrimitive || type == typeof(decimal) || type == typeof(Guid)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly)
            || type == typeof(TimeSpan) || type == typeof(Uri) || type == typeof(Half) || type == typeof(Int128) || type == typeof(UInt128);
    }

    [RequiresUnreferencedCode(ReflectionMessage)]
    private static bool IsSpanParsable(Type type)
    {
        foreach (var implemented in type.GetInterfaces())
        {
            if (implemented.IsGenericType && implemented.GetGenericTypeDefinition() == typeof(ISpanParsable<>) && implemented.GetGenericArguments()[0] == type)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Creates the parser for <paramref name="type"/>, or returns <see langword="null"/> when the type is not
    /// read from text.</summary>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static TextParser? Create(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            var inner = Create(underlying);
            return inner is null ? null : (TextParser)Activator.CreateInstance(typeof(NullableTextParser<>).MakeGenericType(underlying), inner)!;
        }

        if (type == typeof(string))
        {
            return StringTextParser.Instance;
        }

        if (type == typeof(bool))
        {
            return BooleanTextParser.Instance;
        }

        if (type.IsEnum)
        {
            return (TextParser)Activator.CreateInstance(typeof(EnumTextParser<>).MakeGenericType(type))!;
        }

        if (IsIntegerType(type))
        {
            return (TextParser)Activator.CreateInstance(typeof(IntegerTextParser<>).MakeGenericType(type))!;
        }

        if (IsFloatType(type))
        {
            return (TextParser)Activator.CreateInstance(typeof(FloatTextParser<>).MakeGenericType(type))!;
        }

        if (type == typeof(DateTime))
        {
            return DateTimeTextParser.Instance;
        }

        if (type == typeof(DateTimeOffset))
        {
            return DateTimeOffsetTextParser.Instance;
        }

        if (type == typeof(Uri))
        {
            return UriTextParser.Instance;
        }

        var kind = ErrorKind.For(type);
        if (type == typeof(Guid) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan)
            || IsSpanParsable(type))
        {
            return (TextParser)Activator.CreateInstance(typeof(SpanParsableTextParser<>).MakeGenericType(type), kind.Parse, kind.Type)!;
        }

        return TryParseTextParser.HasTryParse(type)
            ? (TextParser)Activator.CreateInstance(typeof(TryParseTextParser<>).MakeGenericType(type))!
            : null;
    }
}

/// <summary>A <see cref="TextParser"/> for <typeparamref name="T"/>.</summary>
internal abstract class TextParser<T> : TextParser
{
    protected TextParser(ErrorKind parseError, ErrorKind typeError)
        : base(typeof(T), parseError, typeError)
    {
    }

    public abstract bool TryParse(string text, out T value);
}