namespace Gateway.Samples.Chat.Tests.Support;

/// <summary>Where the external programs that some tests start live, and how to install them.</summary>
internal static class Peers
{
    /// <summary>The name <see cref="PeerFactAttribute"/> takes for Debian's PostgreSQL server.</summary>
    public const string PostgreSql = "postgresql";

    /// <summary>The newest installed PostgreSQL's bin directory (Debian layout), or null.</summary>
    public static string? FindPostgresBin()
    {
        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
        {
            return null;
        }

        string? best = null;
        var bestVersion = -1;
        foreach (var directory in Directory.GetDirectories(Root))
        {
            if (int.TryParse(Path.GetFileName(directory), out var version) && version > bestVersion
                && File.Exists(Path.Combine(directory, "bin", "initdb")) && File.Exists(Path.Combine(directory, "bin", "pg_ctl")))
            {
                (best, bestVersion) = (Path.Combine(directory, "bin"), version);
            }
        }

        return best;
    }

    /// <summary>Why a test needing <paramref name="peer"/> cannot run here, or null when it can.</summary>
    public static string? MissingReason(string peer) => peer switch
    {
        PostgreSql => FindPostgresBin() is null ? "postgresql not found: apt-get install postgresql" : null,
        _ => throw new ArgumentException($"Unknown peer '{peer}'.", nameof(peer)),
    };
}