namespace Gateway.Samples.Chat.Storage;

/// <summary>A migration script failed; the whole migration transaction was rolled back, so the database is as it was.</summary>
internal sealed class MigrationFailedException : Exception
{
    /// <summary>Wraps the database's error for <paramref name="migration"/>.</summary>
    public MigrationFailedException(Migration migration, Exception innerException)
        : base($"Migration {migration.Version:D4}_{migration.Name} failed; no migration was applied: {innerException.Message}", innerException)
    {
        Version = migration.Version;
    }

    /// <summary>The version of the failing script.</summary>
    public int Version { get; }
}