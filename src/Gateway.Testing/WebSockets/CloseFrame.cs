namespace Gateway.Testing;

/// <summary>The close one side of a WebSocket connection sent: its code (1005 when it had none) and reason.</summary>
internal readonly record struct CloseFrame(int Code, string Reason);