namespace Gateway.Benchmarks;

/// <summary>The body of <c>POST /users</c> as it arrives: both members optional, so that a missing one becomes a
/// validation error rather than a default value.</summary>
/// <param name="Name">The user's name; valid when 1 to 50 characters long.</param>
/// <param name="Age">The user's age; valid from 0 to 150.</param>
internal sealed record UserInput(string? Name, int? Age);