using System.ComponentModel;

using Gateway.Validation.Json;

namespace Gateway.Validation.Generated;

/// <summary>An opaque handle on one JSON model (how a type is read from a request body, with every error recorded and
/// every attribute checked), built by code Gateway.Validation's source generator emitted. For generated code; not a
/// stable API.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GeneratedModel
{
    private protected GeneratedModel()
    {
    }

    internal abstract JsonModel Model { get; }
}

/// <summary>A <see cref="GeneratedModel"/> reading <typeparamref name="T"/>. For generated code; not a stable API.</summary>
/// <typeparam name="T">The type read.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedModel<T> : GeneratedModel
{
    internal GeneratedModel(JsonModel model) => Typed = (JsonModel<T>)model;

    internal JsonModel<T> Typed { get; }

    internal override JsonModel Model => Typed;
}