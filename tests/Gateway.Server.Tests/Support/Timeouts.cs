namespace Gateway.Server.Tests.Support;

internal static class Timeouts
{
    /// <summary>How long a test waits for something that should happen promptly; generous for a loaded 2-core machine.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);
}