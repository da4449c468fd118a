using System.Text.Json.Serialization;

namespace Gateway.Benchmarks.Kestrel;

/// <summary>Source-generated JSON metadata for the Minimal APIs peer's own types.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ValidatedUserInput))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class MinimalJsonContext : JsonSerializerContext;