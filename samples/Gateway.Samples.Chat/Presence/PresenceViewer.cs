namespace Gateway.Samples.Chat.Presence;

/// <summary>Who is looking, with their own privacy setting (which, by reciprocity, limits what they see).</summary>
internal readonly record struct PresenceViewer(long UserId, bool ShowLastSeen);