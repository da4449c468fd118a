namespace Gateway.Validation;

/// <summary>An attribute that says where a handler parameter is bound from. The <c>From...</c> attributes implement it;
/// a custom attribute may too, to rename a source.</summary>
public interface IBindingSourceAttribute
{
    /// <summary>Where the value comes from.</summary>
    ParameterSource Source { get; }

    /// <summary>The name to look up, or <see langword="null"/> for the parameter's own name.</summary>
    string? Name { get; }
}