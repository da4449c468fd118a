namespace Gateway.Validation.Generators.Model
{
    /// <summary>One handler parameter as the emitted code declares it: everything is already C# text.</summary>
    /// <param name="Name">The parameter's name (an identifier, escaped if it is a keyword).</param>
    /// <param name="Type">The fully qualified type, with nullable annotations.</param>
    /// <param name="HasDefault">Whether the parameter declares a default value.</param>
    /// <param name="DefaultDeclaration">The default as written in a lambda parameter list (<c>= 5</c>), or empty.</param>
    /// <param name="DefaultValue">The default boxed as reflection reports it (<c>(object)(int)5</c>), or <c>null</c>.</param>
    /// <param name="IsNullable">A nullable value type or a reference type annotated nullable.</param>
    /// <param name="IsParams">Whether the parameter is a <c>params</c> array.</param>
    /// <param name="Attributes">Object creation expressions for the attributes binding reads, in declaration order.</param>
    /// <param name="Binding">The expression describing the type's parsers and model (a <c>GeneratedBinding&lt;T&gt;</c>).</param>
    internal sealed record HandlerParameterModel(
        string Name,
        string Type,
        bool HasDefault,
        string DefaultDeclaration,
        string DefaultValue,
        bool IsNullable,
        bool IsParams,
        EquatableArray<string> Attributes,
        string Binding);
}
