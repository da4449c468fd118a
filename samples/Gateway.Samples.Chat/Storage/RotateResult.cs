namespace Gateway.Samples.Chat.Storage;

/// <summary>The outcome of a rotation; <paramref name="UserId"/> and <paramref name="FamilyId"/> are 0 when <see cref="RotateStatus.Invalid"/>.</summary>
internal readonly record struct RotateResult(RotateStatus Status, long UserId, long FamilyId);