using Gateway.Routing;

using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Gateway.Validation.Tests;

public sealed record CreateUser([Required, StringLength(50, MinimumLength = 1)] string Name, [Range(0, 150)] int Age);

public sealed record Address([Required] string Street, [RegularExpression(@"^\d{5}$")] string Zip);

public sealed record Order(
    [Required] string Id,
    Address Address,
    [MinLength(1), MaxLength(3)] List<Address> Items,
    [MaxLength(4)] string[]? Tags = null,
    Dictionary<string, Address>? Alternates = null);

public sealed class Profile
{
    public required string Handle { get; init; }

    [EmailAddress]
    public string? Email { get; set; }

    [Url]
    public string? Homepage { get; set; }

    [AllowedValues("red", "green")]
    public string? Color { get; set; }

    [DeniedValues("root")]
    public string? Role { get; set; }

    [Base64String]
    public string? Avatar { get; set; }

    [Length(2, 3)]
    public string? Code { get; set; }

    [Range(0, 10, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    public double Score { get; set; } = 5;

    [DataType(DataType.Password), MinLength(8)]
    public string? Password { get; set; }

    [Even]
    public int Lucky { get; set; }

    public int Visits { get; set; } = 7;
}

public sealed class EvenAttribute : ValidationAttribute
{
    public EvenAttribute()
        : base("The value must be even.")
    {
    }

    public override bool IsValid(object? value) => value is not int number || number % 2 == 0;
}

public sealed record DateRange(DateOnly Start, DateOnly End) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (End < Start)
        {
            yield return new ValidationResult("End must not be before Start.", [nameof(End)]);
        }
    }
}

public sealed record TreeNode(string Name, List<TreeNode>? Children = null);

public sealed record Measurement([Range(0.0, 1.0)] double Ratio, [Range(1, 5)] string? Level = null);

public sealed record Scalars(int Count, bool Flag, double Ratio, string Text, Guid Id, Color Color, DateTimeOffset When, int? Maybe = null);

[JsonConverter(typeof(JsonStringEnumConverter<Color>))]
public enum Color
{
    Red,
    Green,
}

public interface IUserStore
{
    Guid InstanceId { get; }

    List<CreateUser> Users { get; }
}

public sealed class UserStore : IUserStore, IDisposable
{
    public Guid InstanceId { get; } = Guid.NewGuid();

    public List<CreateUser> Users { get; } = [];

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}

public sealed record UserView(string Name, int Age, string Kind = "user");

[JsonSerializable(typeof(UserView))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class SnakeCaseContext : JsonSerializerContext;