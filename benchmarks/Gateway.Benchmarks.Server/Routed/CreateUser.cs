using System.ComponentModel.DataAnnotations;

namespace Gateway.Benchmarks.Routed;

/// <summary>The body of <c>POST /users</c>, validated by its annotations.</summary>
/// <param name="Name">1 to 50 characters.</param>
/// <param name="Age">0 to 150.</param>
internal sealed record CreateUser([property: Required, StringLength(50, MinimumLength = 1)] string Name, [property: Range(0, 150)] int Age);