using System.ComponentModel.DataAnnotations;

namespace Gateway.Validation;

/// <summary>How one handler parameter is bound: what the OpenAPI document and tools see. Built at registration.</summary>
public sealed class ParameterDescription
{
    internal ParameterDescription(string name, string parameterName, ParameterSource source, Type type, bool isRequired, bool isNullable, bool hasDefaultValue, object? defaultValue, IReadOnlyList<ValidationAttribute> validationAttributes, string? description)
    {
        Name = name;
        ParameterName = parameterName;
        Source = source;
        Type = type;
        IsRequired = isRequired;
        IsNullable = isNullable;
        HasDefaultValue = hasDefaultValue;
        DefaultValue = defaultValue;
        ValidationAttributes = validationAttributes;
        Description = description;
    }

    /// <summary>The name looked up in the source: the query key, the header name (lower-case, folded), the cookie name,
    /// the path parameter, the body member when the body is embedded; the parameter name otherwise.</summary>
    public string Name { get; }

    /// <summary>The handler parameter's own name.</summary>
    public string ParameterName { get; }

    /// <summary>Where the value comes from.</summary>
    public ParameterSource Source { get; }

    /// <summary>The parameter's declared type.</summary>
    public Type Type { get; }

    /// <summary>Whether a request without the value is rejected with a <c>missing</c> error.</summary>
    public bool IsRequired { get; }

    /// <summary>Whether the parameter accepts null: a nullable value type or a reference type annotated nullable.</summary>
    public bool IsNullable { get; }

    /// <summary>Whether the parameter has a default value.</summary>
    public bool HasDefaultValue { get; }

    /// <summary>The default value used when the request has none (meaningful when <see cref="HasDefaultValue"/>).</summary>
    public object? DefaultValue { get; }

    /// <summary>The validation attributes on the parameter itself.</summary>
    public IReadOnlyList<ValidationAttribute> ValidationAttributes { get; }

    /// <summary>The text of a <see cref="System.ComponentModel.DescriptionAttribute"/> on the parameter, if any.</summary>
    public string? Description { get; }

    /// <summary>Whether the type is read from text (a simple type), for schemas.</summary>
    internal bool IsText { get; set; }

    /// <summary>The element type of a collection of values read from text, for schemas.</summary>
    internal Type? TextElement { get; set; }

    /// <summary>The JSON model of a body parameter, for schemas.</summary>
    internal Json.JsonModel? Model { get; set; }
}