namespace Gateway.Samples.Chat.Storage;

/// <summary>A user who shares at least one room with another; presence events go to contacts.</summary>
internal readonly record struct Contact(long UserId, bool ShowLastSeen);