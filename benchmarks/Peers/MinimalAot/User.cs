namespace Gateway.Benchmarks.MinimalAot;

/// <summary>What <c>POST /users</c> and <c>GET /users/{id}</c> answer.</summary>
/// <param name="Id">The user's id.</param>
/// <param name="Name">The user's name.</param>
/// <param name="Age">The user's age.</param>
public sealed record User(int Id, string Name, int Age);