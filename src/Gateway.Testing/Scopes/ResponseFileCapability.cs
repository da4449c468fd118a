namespace Gateway.Testing;

/// <summary>The marker that lets the app send a file as the body. One object per capability, so that each can be switched off on its own.</summary>
internal sealed class ResponseFileCapability : IHttpResponseFileCapability
{
    private ResponseFileCapability()
    {
    }

    public static ResponseFileCapability Instance { get; } = new();
}