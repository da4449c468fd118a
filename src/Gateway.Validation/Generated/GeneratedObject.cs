using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

using Gateway.Validation.Handlers;
using Gateway.Validation.Json;

namespace Gateway.Validation.Generated;

/// <summary>Describes one object model from generated code: its members, in the order the reflection path finds them
/// (constructor parameters, then settable properties), then the factory that builds the object. For generated code;
/// not a stable API.</summary>
/// <typeparam name="T">The object's type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedObject<T>
{
    private readonly List<ObjectMember> _members = [];

    internal GeneratedObject(GeneratedModels models) => Models = models;

    /// <summary>The models of the catalog this object belongs to (for the members' models).</summary>
    public GeneratedModels Models { get; }

    internal IReadOnlyList<ObjectMember> Members => _members;

    internal Func<int[], RequestContext, T>? Factory { get; private set; }

    /// <summary>Declares the next member.</summary>
    /// <typeparam name="TMember">The member's type.</typeparam>
    /// <param name="name">The property's name (the constructor parameter's when no property matches it); the JSON name is
    /// <see cref="JsonPropertyNameAttribute"/>'s, else the options' naming policy applied to this name.</param>
    /// <param name="model">The model reading the member's value (nullable already when the member is).</param>
    /// <param name="isRequired">Required by its declaration: a constructor parameter without default that is not nullable,
    /// or a <c>required</c> property. <see cref="RequiredAttribute"/> and <see cref="JsonRequiredAttribute"/> among
    /// <paramref name="attributes"/> make it required too.</param>
    /// <param name="isNullable">A nullable value type or a reference type annotated nullable.</param>
    /// <param name="hasDefault">Whether the constructor parameter declares a default.</param>
    /// <param name="defaultValue">That default, boxed as reflection reports it.</param>
    /// <param name="attributes">The attributes of the parameter and of the property, in that order.</param>
    /// <returns>The member, for the factory.</returns>
    public GeneratedMember<TMember> Member<TMember>(string name, GeneratedModel<TMember> model, bool isRequired, bool isNullable, bool hasDefault, object? defaultValue, params Attribute[] attributes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(attributes);
        var required = isRequired || Array.Exists(attributes, a => a is RequiredAttribute or JsonRequiredAttribute);
        var shape = Models.Catalog.Shape(name, typeof(TMember), attributes, required, isNullable, hasDefault, hasDefault ? defaultValue : null);
        var member = new ObjectMember<TMember>(shape, model.Model);
        _members.Add(member);
        return new GeneratedMember<TMember>(member, _members.Count - 1);
    }

    /// <summary>Sets the factory that builds the object from its members.</summary>
    /// <param name="factory">Constructs the object with the constructor members, then assigns each present property or
    /// checks the value an absent one kept.</param>
    public void Create(Func<GeneratedObjectReader, T> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Factory = (found, context) => factory(new GeneratedObjectReader(found, context));
    }
}