using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

using Gateway.Validation.Handlers;

namespace Gateway.Validation.Checks;

/// <summary>The checks of one parameter or member, built once from its attributes.</summary>
internal sealed class ValueValidator
{
    private readonly ValueCheck[] _checks;

    private ValueValidator(ValueCheck[] checks) => _checks = checks;

    /// <summary>Builds the validator, or returns <see langword="null"/> when there is nothing to check.</summary>
    public static ValueValidator? Create(IReadOnlyList<ValidationAttribute> attributes, string displayName)
    {
        if (attributes.Count == 0)
        {
            return null;
        }

        var checks = new ValueCheck[attributes.Count];
        for (var i = 0; i < checks.Length; i++)
        {
            checks[i] = ValueChecks.Create(attributes[i], displayName);
        }

        return new ValueValidator(checks);
    }

    /// <summary>Whether the attributes mark the value as a secret, whose input is left out of errors.</summary>
    public static bool IsSecret(IEnumerable<Attribute> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute is DataTypeAttribute { DataType: DataType.Password } or PasswordPropertyTextAttribute { Password: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs the checks in declaration order and stops at the first that fails: one error per value, as
    /// Pydantic reports (an empty name is not also too short).</summary>
    public void Validate(object? value, RequestContext context)
    {
        var errors = context.ErrorCount;
        foreach (var check in _checks)
        {
            if (value is not null || check.ChecksNull)
            {
                check.Check(value, context);
                if (context.ErrorCount != errors)
                {
                    return;
                }
            }
        }
    }
}