using Gateway.Validation;

namespace Gateway.Routing;

/// <summary>Binds a handler parameter from a cookie of the <c>cookie</c> request header.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class FromCookieAttribute : Attribute, IBindingSourceAttribute
{
    /// <summary>The name to look up instead of the parameter's own name, or <see langword="null"/> for the parameter's
    /// name.</summary>
    public string? Name { get; set; }

    /// <inheritdoc />
    public ParameterSource Source => ParameterSource.Cookie;
}