using System.ComponentModel.DataAnnotations;

namespace Gateway.Samples.Chat.Api;

// The JSON shapes of the auth endpoints (snake_case on the wire). Small records kept together: they are one contract.

/// <summary>A registration or login.</summary>
/// <param name="Username">3 to 32 of <c>[a-z0-9_]</c>.</param>
/// <param name="Password">8 to 128 characters.</param>
internal sealed record Credentials(
    [Required, StringLength(32, MinimumLength = 3), RegularExpression("^[a-z0-9_]+$")] string Username,
    [Required, StringLength(128, MinimumLength = 8), DataType(DataType.Password)] string Password);

/// <summary>A refresh token presented to rotate it or to log out.</summary>
/// <param name="RefreshToken">The opaque token.</param>
internal sealed record RefreshRequest([Required, StringLength(200, MinimumLength = 1), DataType(DataType.Password)] string RefreshToken);

/// <summary>A registered user.</summary>
internal sealed record UserCreated(long Id, string Username);

/// <summary>A token pair (RFC 6749 §5.1).</summary>
internal sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

/// <summary>One active login (refresh family).</summary>
internal sealed record SessionView(long Id, DateTimeOffset Created, DateTimeOffset LastUsed, string UserAgent);