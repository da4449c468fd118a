namespace Gateway.Routing;

/// <summary>
/// One problem with a request, shaped as FastAPI/Pydantic v2 report it: where (<see cref="Location"/>), what kind
/// (<see cref="Type"/>), a sentence for people (<see cref="Message"/>), the offending value (<see cref="Input"/>) and the
/// limits involved (<see cref="Context"/>). A 422 response lists every one of them in its <c>errors</c> member.
/// </summary>
public sealed class ValidationError
{
    /// <summary>Creates an error.</summary>
    /// <param name="location">The source then the path: <c>["body","address","zip"]</c>, <c>["query","limit"]</c>,
    /// <c>["body","tags",2]</c>. Items are strings or integers.</param>
    /// <param name="type">The Pydantic error type, such as <c>missing</c> or <c>less_than_equal</c>.</param>
    /// <param name="message">A human sentence, such as <c>Input should be less than or equal to 150</c>.</param>
    /// <param name="input">The offending value (a string, a number, a <see cref="System.Text.Json.JsonElement"/> ...).</param>
    /// <param name="hasInput">Whether <paramref name="input"/> is reported; <see langword="false"/> for secrets.</param>
    /// <param name="context">The limits involved, such as <c>{"le": 150}</c>, or <see langword="null"/>.</param>
    public ValidationError(IReadOnlyList<object> location, string type, string message, object? input = null, bool hasInput = true, IReadOnlyDictionary<string, object?>? context = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(message);
        Location = location;
        Type = type;
        Message = message;
        Input = input;
        HasInput = hasInput;
        Context = context;
    }

    /// <summary>The source (<c>path</c>, <c>query</c>, <c>header</c>, <c>cookie</c>, <c>body</c>) followed by the path
    /// to the value: member names as strings, collection indexes as integers. Written as <c>loc</c>.</summary>
    public IReadOnlyList<object> Location { get; }

    /// <summary>The machine-readable kind of error, one of Pydantic v2's error types. Written as <c>type</c>.</summary>
    public string Type { get; }

    /// <summary>What went wrong, for people. Written as <c>msg</c>.</summary>
    public string Message { get; }

    /// <summary>The value that was rejected (meaningful when <see cref="HasInput"/>). Written as <c>input</c>.</summary>
    public object? Input { get; }

    /// <summary>Whether <see cref="Input"/> is written; it is left out for missing values and for secrets.</summary>
    public bool HasInput { get; }

    /// <summary>The limits involved, such as <c>{"min_length": 1}</c>; written as <c>ctx</c> when not null.</summary>
    public IReadOnlyDictionary<string, object?>? Context { get; }

    /// <summary>A short description for logs and test failures.</summary>
    /// <returns>For example <c>body.age: less_than_equal (Input should be less than or equal to 150)</c>.</returns>
    public override string ToString() => $"{string.Join('.', Location)}: {Type} ({Message})";
}