using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Fuzzing.Harnesses.Json;

// The models the json harness binds bodies to: every kind of member the binder reads (scalars, enums, nullable values,
// dates, nested objects, lists, arrays, sets, dictionaries, a recursive record, a JsonElement), required members, the
// attributes it maps to Pydantic error types, a secret, and an IValidatableObject. Their member names cover the bodies
// of the Validation tests (user, order, profile, date range, tree, scalars), which seed the corpus. Attributes sit on
// properties, where the BCL's Validator also sees them (the harness re-checks every bound value with it), except on the
// record, whose parameter attributes only the binder reads.

/// <summary>A colour, read by name (as its converter writes it) or by a defined member's number.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FuzzColor>))]
public enum FuzzColor
{
    Red,
    Green,
    Blue,
}

/// <summary>A nested object with a required member and a pattern.</summary>
public sealed class FuzzAddress
{
    [Required]
    public required string Street { get; init; }

    [RegularExpression(@"^\d{5}$")]
    public string? Zip { get; init; }
}

/// <summary>A recursive record, its attributes on constructor parameters.</summary>
public sealed record FuzzNode([StringLength(20, MinimumLength = 1)] string Name, [MaxLength(3)] List<FuzzNode>? Children = null);

/// <summary>The body model.</summary>
public sealed class FuzzOrder : IValidatableObject
{
    [Required]
    [StringLength(40, MinimumLength = 1)]
    public required string Id { get; init; }

    [Range(0, 150)]
    public int Age { get; init; }

    [Range(0.0, 1.0)]
    public double Ratio { get; init; }

    public bool Flag { get; init; }

    public long Count { get; init; }

    public decimal? Price { get; init; }

    public FuzzColor Color { get; init; }

    public FuzzColor? Accent { get; init; }

    public Guid? Key { get; init; }

    public DateTimeOffset? When { get; init; }

    public required DateOnly Start { get; init; }

    public required DateOnly End { get; init; }

    public required FuzzAddress Address { get; init; }

    [MinLength(1)]
    [MaxLength(4)]
    public List<FuzzAddress> Items { get; init; } = [];

    [MaxLength(4)]
    public string[]? Tags { get; init; }

    public HashSet<int>? Lucky { get; init; }

    public Dictionary<string, FuzzAddress>? Alternates { get; init; }

    public Dictionary<string, int>? Counts { get; init; }

    public FuzzNode? Tree { get; init; }

    [EmailAddress]
    public string? Email { get; init; }

    [DataType(DataType.Password)]
    [MinLength(8)]
    public string? Password { get; init; }

    [Range(1, 10)]
    public int? Maybe { get; init; }

    public JsonElement? Extra { get; init; }

    // Start and End are required, so this runs only with both read (the error's loc is then always in the body).
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (End < Start)
        {
            yield return new ValidationResult("End must not be before Start.", [nameof(End)]);
        }
    }
}
