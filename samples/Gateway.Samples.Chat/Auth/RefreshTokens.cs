using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Samples.Chat.Auth;

/// <summary>Opaque refresh tokens: 32 random bytes in base64url, stored only as their SHA-256.</summary>
internal static class RefreshTokens
{
    /// <summary>How long a refresh token is valid; each use replaces it with a new one.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    /// <summary>A new random token.</summary>
    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>What the database stores for <paramref name="token"/>. A fast hash suffices: the token has 256 bits of entropy.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}