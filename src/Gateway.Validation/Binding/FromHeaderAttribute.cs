using Gateway.Validation;

namespace Gateway.Routing;

/// <summary>Binds a handler parameter from a request header. Without a name, the parameter name is folded: <c>userAgent</c> and <c>user_agent</c> both read <c>user-agent</c>.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class FromHeaderAttribute : Attribute, IBindingSourceAttribute
{
    /// <summary>The name to look up instead of the parameter's own name, or <see langword="null"/> for the parameter's
    /// name.</summary>
    public string? Name { get; set; }

    /// <inheritdoc />
    public ParameterSource Source => ParameterSource.Header;
}