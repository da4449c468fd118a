namespace Gateway.Testing;

/// <summary>The marker that lets the app refuse a WebSocket handshake with an HTTP response. One object per capability, so that each can be switched off on its own.</summary>
internal sealed class WebSocketDenialCapability : IWebSocketDenialResponseCapability
{
    private WebSocketDenialCapability()
    {
    }

    public static WebSocketDenialCapability Instance { get; } = new();
}