using Gateway.Samples.Chat.Storage;

namespace Gateway.Samples.Chat.Auth;

/// <summary>
/// The outcome of a registration: <see cref="User"/> when <see cref="RegisterStatus.Registered"/>;
/// <see cref="Field"/> ("username" or "password") and <see cref="Error"/> when <see cref="RegisterStatus.Invalid"/>.
/// </summary>
internal readonly record struct RegisterResult(RegisterStatus Status, User? User, string? Field, string? Error);