using System.Text.Json.Serialization;

namespace Gateway.Benchmarks;

/// <summary>Source-generated JSON metadata for every body the benchmark endpoints read or write: no reflection per
/// request, in the Gateway app and in the Kestrel peers alike.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HelloMessage))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(UserInput))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext;