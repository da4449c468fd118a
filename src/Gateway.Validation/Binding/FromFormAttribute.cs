using Gateway.Validation;

namespace Gateway.Routing;

/// <summary>Binds a handler parameter from an <c>application/x-www-form-urlencoded</c> body: a simple type from the field of its name, a class from fields named after its members.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class FromFormAttribute : Attribute, IBindingSourceAttribute
{
    /// <summary>The name to look up instead of the parameter's own name, or <see langword="null"/> for the parameter's
    /// name.</summary>
    public string? Name { get; set; }

    /// <inheritdoc />
    public ParameterSource Source => ParameterSource.Form;
}