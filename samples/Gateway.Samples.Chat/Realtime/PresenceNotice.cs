namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// A user came online (first socket) or went offline (last socket closed, at <paramref name="LastSeen"/>). Carries the
/// subject's privacy setting so each receiver can apply <see cref="Presence.PresencePolicy"/> per viewer.
/// </summary>
internal sealed record PresenceNotice(long UserId, string Username, bool Online, DateTimeOffset? LastSeen, bool ShowLastSeen);