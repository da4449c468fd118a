using System.Reflection;

using Gateway.Validation.Binding;

namespace Gateway.Validation.Handlers;

/// <summary>What the plan builder needs to know about one handler parameter, whoever found it out: reflection over a
/// <see cref="ParameterInfo"/> at registration, or the source generator at compile time. Both paths meet here so that
/// one piece of code decides sources, names, requiredness and binders, and the two cannot drift apart.</summary>
/// <param name="Name">The parameter's declared name.</param>
/// <param name="Type">The parameter's declared type.</param>
/// <param name="Attributes">The parameter's attributes, in declaration order (only binding-source, validation,
/// description and secrecy attributes are read).</param>
/// <param name="HasDefault">Whether the parameter declares a default value.</param>
/// <param name="DefaultValue">The default value (meaningful when <paramref name="HasDefault"/>).</param>
/// <param name="IsNullable">A nullable value type or a reference type annotated nullable.</param>
/// <param name="Nullability">Reflection's nullability of the parameter (element nullability of a body collection), or
/// null when the parameter was described at compile time.</param>
/// <param name="Binders">Creates the binders for this parameter's type.</param>
/// <param name="Generated">What generated code knows about the type (parsers, model), or null on the reflection path.</param>
internal sealed record HandlerParameter(
    string Name,
    Type Type,
    Attribute[] Attributes,
    bool HasDefault,
    object? DefaultValue,
    bool IsNullable,
    NullabilityInfo? Nullability,
    BinderFactory Binders,
    Generated.GeneratedBinding? Generated = null);