namespace Gateway.Testing;

/// <summary>The marker that lets the app send early hints. One object per capability, so that each can be switched off on its own.</summary>
internal sealed class EarlyHintsCapability : IHttpEarlyHintsCapability
{
    private EarlyHintsCapability()
    {
    }

    public static EarlyHintsCapability Instance { get; } = new();
}