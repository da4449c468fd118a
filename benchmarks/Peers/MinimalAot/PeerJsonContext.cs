using System.Text.Json.Serialization;

namespace Gateway.Benchmarks.MinimalAot;

/// <summary>Source-generated JSON metadata for every type the peer reads or writes (Native AOT has no reflection-based
/// serializer).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CreateUser))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class PeerJsonContext : JsonSerializerContext;