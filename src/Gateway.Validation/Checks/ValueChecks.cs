using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;

using Gateway.Validation.Handlers;
using Gateway.Validation.Text;

namespace Gateway.Validation.Checks;

/// <summary>Maps each DataAnnotations attribute to a check reporting Pydantic's error type for it.</summary>
internal static class ValueChecks
{
    public static ValueCheck Create(ValidationAttribute attribute, string displayName) => attribute switch
    {
        RequiredAttribute required => new RequiredCheck(required),
        RangeAttribute range when IsNumber(range.Minimum) && IsNumber(range.Maximum) => new RangeCheck(range),
        StringLengthAttribute length => new LengthCheck(length.MinimumLength, length.MaximumLength),
        LengthAttribute length => new LengthCheck(length.MinimumLength, length.MaximumLength),
        MinLengthAttribute min => new LengthCheck(min.Length, -1),
        MaxLengthAttribute max => new LengthCheck(0, max.Length),
        RegularExpressionAttribute regex => new PredicateCheck(regex, "string_pattern_mismatch", $"String should match pattern '{regex.Pattern}'", new Dictionary<string, object?> { ["pattern"] = regex.Pattern }),
        EmailAddressAttribute email => new PredicateCheck(email, "value_error", "value is not a valid email address: An email address must have an @-sign.", new Dictionary<string, object?> { ["reason"] = "An email address must have an @-sign." }),
        UrlAttribute url => new PredicateCheck(url, "url_scheme", "URL scheme should be 'http', 'https' or 'ftp'", new Dictionary<string, object?> { ["expected_schemes"] = "'http', 'https' or 'ftp'" }),
        Base64StringAttribute base64 => new PredicateCheck(base64, "base64_decode", "Base64 decoding error: 'Invalid base64-encoded string'", new Dictionary<string, object?> { ["error"] = "Invalid base64-encoded string" }),
        AllowedValuesAttribute allowed => AllowedCheck(allowed),
        _ => new AttributeCheck(attribute, displayName),
    };

    private static bool IsNumber(object? value) => value is int or long or double or float or decimal;

    private static PredicateCheck AllowedCheck(AllowedValuesAttribute allowed)
    {
        var names = new string[allowed.Values.Length];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = allowed.Values[i] switch
            {
                null => "None",
                string text => $"'{text}'",
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                var other => $"'{other}'",
            };
        }

        var expected = EnumTextParser<DayOfWeek>.Describe(names, quote: false);
        return new PredicateCheck(allowed, "literal_error", $"Input should be {expected}", new Dictionary<string, object?> { ["expected"] = expected });
    }

    /// <summary>The value as a double for a range check: NaN when it is not a number (nor text or another convertible
    /// that reads as one), which no range holds.</summary>
    internal static double ToDouble(object value) => value switch
    {
        int i => i,
        long l => l,
        double d => d,
        float f => f,
        decimal m => (double)m,
        short s => s,
        byte b => b,
        sbyte sb => sb,
        ushort us => us,
        uint ui => ui,
        ulong ul => ul,
        Half h => (double)h,
        string text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN,
        IConvertible convertible => ConvertToDouble(convertible),
        _ => double.NaN,
    };

    // A convertible that is no number (a date, a char) throws; the BCL's RangeAttribute calls that invalid too.
    private static double ConvertToDouble(IConvertible convertible)
    {
        try
        {
            return convertible.ToDouble(CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is InvalidCastException or FormatException or OverflowException)
        {
            return double.NaN;
        }
    }

    /// <summary><c>[Required]</c>: <c>missing</c> for null, <c>string_too_short</c> for an empty string.</summary>
    private sealed class RequiredCheck(RequiredAttribute attribute) : ValueCheck
    {
        private static readonly Dictionary<string, object?> MinOne = new() { ["min_length"] = 1 };

        public override bool ChecksNull => true;

        public override void Check(object? value, RequestContext context)
        {
            if (value is null)
            {
                context.AddMissing();
            }
            else if (!attribute.AllowEmptyStrings && value is string text && string.IsNullOrWhiteSpace(text))
            {
                context.AddError("string_too_short", "String should have at least 1 character", text, MinOne);
            }
        }
    }

    /// <summary><c>[Range]</c> on numbers: <c>greater_than_equal</c>/<c>less_than_equal</c> (or the exclusive forms).</summary>
    private sealed class RangeCheck : ValueCheck
    {
        private readonly double _minimum;
        private readonly double _maximum;
        private readonly bool _minimumExclusive;
        private readonly bool _maximumExclusive;
        private readonly object _minimumValue;
        private readonly object _maximumValue;
        private readonly IReadOnlyDictionary<string, object?> _minimumContext;
        private readonly IReadOnlyDictionary<string, object?> _maximumContext;
        private readonly string _minimumMessage;
        private readonly string _maximumMessage;

        public RangeCheck(RangeAttribute range)
        {
            _minimumValue = range.Minimum;
            _maximumValue = range.Maximum;
            _minimum = ToDouble(range.Minimum);
            _maximum = ToDouble(range.Maximum);
            _minimumExclusive = range.MinimumIsExclusive;
            _maximumExclusive = range.MaximumIsExclusive;
            var min = Format(_minimumValue);
            var max = Format(_maximumValue);
            _minimumContext = new Dictionary<string, object?> { [_minimumExclusive ? "gt" : "ge"] = _minimumValue };
            _maximumContext = new Dictionary<string, object?> { [_maximumExclusive ? "lt" : "le"] = _maximumValue };
            _minimumMessage = _minimumExclusive ? $"Input should be greater than {min}" : $"Input should be greater than or equal to {min}";
            _maximumMessage = _maximumExclusive ? $"Input should be less than {max}" : $"Input should be less than or equal to {max}";
        }

        public override void Check(object? value, RequestContext context)
        {
            // NaN (a lax "NaN", or a value that is no number) is in no range: pydantic-core rejects it at the first bound
            // it checks, the maximum (pydantic-core#1037), and so does the BCL's RangeAttribute. It used to pass (found by
            // fuzzing: a [Range(0.0, 1.0)] double bound "NaN").
            var number = ToDouble(value!);
            if (double.IsNaN(number))
            {
                context.AddError(_maximumExclusive ? "less_than" : "less_than_equal", _maximumMessage, value, _maximumContext);
                return;
            }

            if (_minimumExclusive ? number <= _minimum : number < _minimum)
            {
                context.AddError(_minimumExclusive ? "greater_than" : "greater_than_equal", _minimumMessage, value, _minimumContext);
            }
            else if (_maximumExclusive ? number >= _maximum : number > _maximum)
            {
                context.AddError(_maximumExclusive ? "less_than" : "less_than_equal", _maximumMessage, value, _maximumContext);
            }
        }

        private static string Format(object value) => value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? string.Empty;
    }

    /// <summary>Lengths of strings (<c>string_too_short</c>/<c>string_too_long</c>) and collections
    /// (<c>too_short</c>/<c>too_long</c>). A maximum below zero means none.</summary>
    private sealed class LengthCheck(int minimum, int maximum) : ValueCheck
    {
        private readonly Dictionary<string, object?> _minimumContext = new() { ["min_length"] = minimum };
        private readonly Dictionary<string, object?> _maximumContext = new() { ["max_length"] = maximum };

        public override void Check(object? value, RequestContext context)
        {
            if (value is string text)
            {
                if (text.Length < minimum)
                {
                    context.AddError("string_too_short", $"String should have at least {minimum} character{Plural(minimum)}", text, _minimumContext);
                }
                else if (maximum >= 0 && text.Length > maximum)
                {
                    context.AddError("string_too_long", $"String should have at most {maximum} character{Plural(maximum)}", text, _maximumContext);
                }

                return;
            }

            var count = value switch
            {
                ICollection collection => collection.Count,
                IEnumerable enumerable => Count(enumerable),
                _ => -1,
            };
            if (count < 0)
            {
                return;
            }

            if (count < minimum)
            {
                context.AddError("too_short", $"List should have at least {minimum} item{Plural(minimum)} after validation, not {count}", value,
                    new Dictionary<string, object?> { ["field_type"] = "List", ["min_length"] = minimum, ["actual_length"] = count });
            }
            else if (maximum >= 0 && count > maximum)
            {
                context.AddError("too_long", $"List should have at most {maximum} item{Plural(maximum)} after validation, not {count}", value,
                    new Dictionary<string, object?> { ["field_type"] = "List", ["max_length"] = maximum, ["actual_length"] = count });
            }
        }

        private static string Plural(int count) => count == 1 ? string.Empty : "s";

        private static int Count(IEnumerable enumerable)
        {
            var count = 0;
            foreach (var item in enumerable)
            {
                count++;
            }

            return count;
        }
    }

    /// <summary>An attribute whose own <see cref="ValidationAttribute.IsValid(object?)"/> decides, reported with a fixed
    /// Pydantic error type.</summary>
    private sealed class PredicateCheck(ValidationAttribute attribute, string type, string message, IReadOnlyDictionary<string, object?>? errorContext) : ValueCheck
    {
        public override void Check(object? value, RequestContext context)
        {
            if (!attribute.IsValid(value))
            {
                context.AddError(type, message, value, errorContext);
            }
        }
    }

    /// <summary>Any other attribute, custom ones included: its own message as a <c>value_error</c>.</summary>
    private sealed class AttributeCheck(ValidationAttribute attribute, string displayName) : ValueCheck
    {
        public override bool ChecksNull => attribute.RequiresValidationContext || attribute is DeniedValuesAttribute;

        public override void Check(object? value, RequestContext context)
        {
            var validationContext = new ValidationContext(value ?? context, displayName, context.Services, items: null) { MemberName = displayName };
            var result = attribute.GetValidationResult(value, validationContext);
            if (result != ValidationResult.Success && result is not null)
            {
                var error = result.ErrorMessage ?? attribute.FormatErrorMessage(displayName);
                context.AddError("value_error", $"Value error, {error}", value, new Dictionary<string, object?> { ["error"] = error });
            }
        }
    }
}