namespace Gateway.Benchmarks;

/// <summary>A user as the benchmark endpoints answer it: <c>{"id":1,"name":"alice","age":30}</c>.</summary>
/// <param name="Id">The user's id.</param>
/// <param name="Name">The user's name.</param>
/// <param name="Age">The user's age.</param>
internal sealed record User(int Id, string Name, int Age);