using System.ComponentModel.DataAnnotations;

namespace Gateway.Benchmarks.Micro.Validation;

/// <summary>The example model, bound and validated by both sides.</summary>
public sealed record CreateUser([Required, StringLength(50, MinimumLength = 1)] string Name, [Range(0, 150)] int Age);

/// <summary>What the GET handler returns.</summary>
public sealed record Item(int Id, int Limit);

/// <summary>The handlers, shared by both sides so they do the same work.</summary>
public static class BenchmarkHandlers
{
    public static CreateUser Create(CreateUser user) => user;

    public static Item Get(int id, [Range(1, 100)] int limit) => new(id, limit);
}