using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Gateway.Samples.Aot;

/// <summary>The body of <c>POST /users</c>: every rule is checked, and every broken one reported.</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "MaxLength's IsValid reflects; Gateway.Validation checks its length itself and nothing else validates this type.")]
public sealed record CreateUser(
    [Required, StringLength(50, MinimumLength = 1)] string Name,
    [Range(0, 150)] int Age,
    [EmailAddress] string? Email = null,
    Address? Address = null,
    [MaxLength(5)] List<string>? Tags = null) : IValidatableObject
{
    /// <summary>A rule across members: minors give no e-mail address.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Age < 16 && Email is not null)
        {
            yield return new ValidationResult("Users under 16 give no e-mail address.", [nameof(Email)]);
        }
    }
}

/// <summary>A nested model with its own rules.</summary>
public sealed record Address([Required] string City, [StringLength(10)] string? Postcode = null);

/// <summary>What the API answers.</summary>
public sealed record User(int Id, string Name, int Age, string? Tenant = null, string[]? Tags = null);

/// <summary>The users created since start-up, in memory, at most <see cref="Capacity"/> of them.</summary>
public sealed class UserDirectory
{
    /// <summary>How many users the directory holds: a client cannot grow the process without bound.</summary>
    public const int Capacity = 100_000;

    private readonly Lock _lock = new();
    private readonly List<CreateUser> _users = [];

    /// <summary>Adds <paramref name="user"/>; null when the directory is full.</summary>
    public User? Add(CreateUser user)
    {
        lock (_lock)
        {
            if (_users.Count >= Capacity)
            {
                return null;
            }

            _users.Add(user);
            return new User(_users.Count, user.Name, user.Age);
        }
    }

    public User? Find(int id, bool verbose, string? tenant)
    {
        lock (_lock)
        {
            if (id < 1 || id > _users.Count)
            {
                return null;
            }

            var user = _users[id - 1];
            return new User(id, user.Name, user.Age, tenant, verbose ? [.. user.Tags ?? []] : null);
        }
    }
}

/// <summary>The JSON types the app writes (and any the serializer reads), generated at compile time.</summary>
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(CreateUser))]
internal sealed partial class SampleJson : JsonSerializerContext;