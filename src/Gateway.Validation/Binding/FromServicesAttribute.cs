using Gateway.Validation;

namespace Gateway.Routing;

/// <summary>Binds a handler parameter from the request's services: a scope created per request from <see cref="Scope.Services"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class FromServicesAttribute : Attribute, IBindingSourceAttribute
{
    /// <inheritdoc />
    public ParameterSource Source => ParameterSource.Services;

    string? IBindingSourceAttribute.Name => null;
}