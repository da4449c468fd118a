using System.ComponentModel.DataAnnotations;

namespace Gateway.Benchmarks.MinimalAot;

/// <summary>The body of <c>POST /users</c>, validated by <c>AddValidation()</c>.</summary>
/// <param name="Name">The user's name, 1 to 50 characters.</param>
/// <param name="Age">The user's age, 0 to 150 (nullable so that a missing age is an error, not 0).</param>
public sealed record CreateUser(
    [property: Required, StringLength(50, MinimumLength = 1)] string? Name,
    [property: Required, Range(0, 150)] int? Age);