namespace Gateway.Validation.Text;

/// <summary>A Pydantic error type with its message; <see cref="ContextError"/>, when set, is reported as
/// <c>ctx: {"error": ...}</c>.</summary>
internal sealed record ErrorKind(string Type, string Message, string? ContextError = null)
{
    public static readonly ErrorKind IntParsing = new("int_parsing", "Input should be a valid integer, unable to parse string as an integer");
    public static readonly ErrorKind IntType = new("int_type", "Input should be a valid integer");
    public static readonly ErrorKind IntFromFloat = new("int_from_float", "Input should be a valid integer, got a number with a fractional part");
    public static readonly ErrorKind IntParsingSize = new("int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size");
    public static readonly ErrorKind FloatParsing = new("float_parsing", "Input should be a valid number, unable to parse string as a number");
    public static readonly ErrorKind FloatType = new("float_type", "Input should be a valid number");
    public static readonly ErrorKind BoolParsing = new("bool_parsing", "Input should be a valid boolean, unable to interpret input");
    public static readonly ErrorKind BoolType = new("bool_type", "Input should be a valid boolean");
    public static readonly ErrorKind StringType = new("string_type", "Input should be a valid string");
    public static readonly ErrorKind ListType = new("list_type", "Input should be a valid list");
    public static readonly ErrorKind DictType = new("dict_type", "Input should be a valid dictionary");
    public static readonly ErrorKind ModelType = new("model_attributes_type", "Input should be a valid dictionary or object to extract fields from");
    public static readonly ErrorKind UrlParsing = new("url_parsing", "Input should be a valid URL, relative URL without a base", "relative URL without a base");
    public static readonly ErrorKind UrlType = new("url_type", "URL input should be a string or URL");

    /// <summary>The parse and type errors Pydantic reports for <paramref name="type"/>.</summary>
    public static (ErrorKind Parse, ErrorKind Type) For(Type type)
    {
        if (type == typeof(Guid))
        {
            return (new("uuid_parsing", "Input should be a valid UUID, unable to parse string as a UUID", "unable to parse string as a UUID"),
                new("uuid_type", "UUID input should be a string, bytes or UUID object"));
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return (new("datetime_parsing", "Input should be a valid datetime, invalid datetime format", "invalid datetime format"),
                new("datetime_type", "Input should be a valid datetime"));
        }

        if (type == typeof(DateOnly))
        {
            return (new("date_parsing", "Input should be a valid date in the format YYYY-MM-DD, invalid date format", "invalid date format"),
                new("date_type", "Input should be a valid date"));
        }

        if (type == typeof(TimeOnly))
        {
            return (new("time_parsing", "Input should be in a valid time format, invalid time format", "invalid time format"),
                new("time_type", "Input should be a valid time"));
        }

        if (type == typeof(TimeSpan))
        {
            return (new("time_delta_parsing", "Input should be a valid timedelta, invalid timedelta format", "invalid timedelta format"),
                new("time_delta_type", "Input should be a valid timedelta"));
        }

        if (type == typeof(char))
        {
            return (new("string_too_long", "String should have at most 1 character"), StringType);
        }

        var message = $"Value error, unable to parse the input as {type.Name}";
        return (new("value_error", message, $"unable to parse the input as {type.Name}"), new("value_error", message, $"unable to parse the input as {type.Name}"));
    }
}