namespace Gateway.Samples.Chat.Presence;

/// <summary>Who is looked at: their privacy setting and their actual state.</summary>
internal readonly record struct PresenceSubject(long UserId, bool ShowLastSeen, bool Online, DateTimeOffset? LastSeen);