namespace Gateway.Samples.Chat.Realtime;

/// <summary>Why a frame is not a valid client message: the <c>error</c> frame's code, message and ref.</summary>
internal readonly record struct ProtocolError(string Code, string Message, string? Ref);