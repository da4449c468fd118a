namespace Gateway.Samples.Chat.Realtime;

/// <summary>What <see cref="ChatHub.SendAsync"/> did, and so what the session answers.</summary>
internal enum SendStatus
{
    /// <summary>Stored now and published: ack.</summary>
    Stored,

    /// <summary>Stored before under this client id: ack with the original, nothing stored or published again.</summary>
    Duplicate,

    /// <summary>Over the connection's send budget: error <c>rate_limited</c>.</summary>
    RateLimited,

    /// <summary>Text or client id empty or too long, or the client id already used in another room: error <c>invalid_field</c>.</summary>
    Invalid,

    /// <summary>Not a member of the room: error <c>forbidden</c>.</summary>
    Forbidden,
}