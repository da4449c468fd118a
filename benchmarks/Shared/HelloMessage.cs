namespace Gateway.Benchmarks;

/// <summary>The <c>GET /json</c> answer, serialized per request as every peer does: <c>{"message":"Hello, World!"}</c>.</summary>
/// <param name="Message">The greeting.</param>
internal readonly record struct HelloMessage(string Message);