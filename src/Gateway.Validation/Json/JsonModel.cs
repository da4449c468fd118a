using System.Text.Json;

using Gateway.Validation.Handlers;

namespace Gateway.Validation.Json;

/// <summary>
/// How values of one .NET type are read from JSON text already checked to be well-formed: with every error recorded at its
/// path (not only the first, as a serializer would stop at), coerced strictly or laxly, and validated as they are read.
/// </summary>
/// <remarks>Models read with a <see cref="Utf8JsonReader"/> straight from the request's bytes, with no document in
/// between. The text was checked once, whole, before binding (<see cref="RequestContext.TryLoadJson"/>), so a syntax error
/// is one <c>json_invalid</c> and never a binding error; objects note where each member's value starts and read the members
/// in declaration order afterwards (<see cref="ObjectModel{T}"/>), so errors come in the same order whatever order the
/// client wrote the members in.</remarks>
internal abstract class JsonModel
{
    protected JsonModel(Type type) => Type = type;

    public Type Type { get; }

    /// <summary>The model this one wraps (a nullable's underlying model, a collection's element model, a dictionary's
    /// value model, a cast's source model), for schemas; null for the others.</summary>
    public virtual JsonModel? Wrapped => null;
}

/// <summary>A <see cref="JsonModel"/> producing <typeparamref name="T"/>.</summary>
internal abstract class JsonModel<T> : JsonModel
{
    protected JsonModel()
        : base(typeof(T))
    {
    }

    /// <summary>Reads the value <paramref name="reader"/> is on (its first token); on failure records the errors at the
    /// context's current path and returns <see langword="false"/>. Either way the reader is left on the value's last token
    /// (the first, for a scalar), as a <c>JsonConverter</c> leaves it.</summary>
    public abstract bool TryRead(ref Utf8JsonReader reader, RequestContext context, out T value);

    /// <summary>Reads the root value of the context's JSON, as <see cref="TryRead"/> does; objects override it to use the
    /// members the checking pass noted instead of scanning the text again.</summary>
    public virtual bool TryReadRoot(RequestContext context, out T value)
    {
        var reader = context.OpenJson(0, out var outer);
        var read = TryRead(ref reader, context, out value);
        context.CloseJson(outer);
        return read;
    }

    /// <summary>The value <paramref name="reader"/> is on, copied out as an error's input; the reader is left on its last
    /// token. Only errors pay for it.</summary>
    protected static JsonElement Input(ref Utf8JsonReader reader) => JsonElement.ParseValue(ref reader);
}