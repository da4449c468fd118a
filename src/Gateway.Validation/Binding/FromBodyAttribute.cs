using Gateway.Validation;

namespace Gateway.Routing;

/// <summary>Binds a handler parameter from the JSON request body. When a handler has several body parameters, each is read from the body member named after it (FastAPI's embedding).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class FromBodyAttribute : Attribute, IBindingSourceAttribute
{
    /// <inheritdoc />
    public ParameterSource Source => ParameterSource.Body;

    string? IBindingSourceAttribute.Name => null;
}