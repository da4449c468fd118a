namespace Gateway.Testing;

/// <summary>The marker that lets the app send trailers. One object per capability, so that each can be switched off on its own.</summary>
internal sealed class TrailersCapability : IHttpResponseTrailersCapability
{
    private TrailersCapability()
    {
    }

    public static TrailersCapability Instance { get; } = new();
}