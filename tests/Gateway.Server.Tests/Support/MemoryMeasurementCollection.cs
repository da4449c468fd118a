namespace Gateway.Server.Tests.Support;

/// <summary>Tests that measure the process's managed heap: they run when no other test class runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "memory measurement";
}
