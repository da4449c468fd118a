using Gateway.Validation;

namespace Gateway.Routing;

/// <summary>
/// Binds a handler parameter from <see cref="Scope.State"/>: the value a middleware stored for this request, under the
/// parameter's name or <see cref="Name"/>. This is how an authentication middleware hands the user to handlers
/// (<c>([FromState] ChatUser user) =&gt; ...</c>), as FastAPI's <c>Depends</c> does. A required parameter whose entry is
/// missing, or holds another type, is a server error (500): the middleware that should set it did not run.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class FromStateAttribute : Attribute, IBindingSourceAttribute
{
    /// <summary>Binds from the state entry named after the parameter.</summary>
    public FromStateAttribute()
    {
    }

    /// <summary>Binds from the state entry <paramref name="name"/>.</summary>
    /// <param name="name">The entry's key.</param>
    public FromStateAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The entry's key, or null for the parameter's name.</summary>
    public string? Name { get; }

    /// <inheritdoc />
    public ParameterSource Source => ParameterSource.State;
}