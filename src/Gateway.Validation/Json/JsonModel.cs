using System.Text.Json;

using Gateway.Validation.Handlers;

namespace Gateway.Validation.Json;

/// <summary>
/// How values of one .NET type are read from a parsed JSON document: with every error recorded at its path (not only the
/// first, as a serializer would stop at), coerced strictly or laxly, and validated as they are read.
/// </summary>
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

    /// <summary>Reads <paramref name="element"/>; on failure records the errors at the context's current path and returns
    /// <see langword="false"/>.</summary>
    public abstract bool TryRead(JsonElement element, RequestContext context, out T value);
}