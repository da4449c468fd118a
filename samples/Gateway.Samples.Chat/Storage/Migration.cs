namespace Gateway.Samples.Chat.Storage;

/// <summary>One versioned schema script; versions are applied in ascending order, each once.</summary>
internal sealed record Migration(int Version, string Name, string Sql);