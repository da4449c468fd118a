using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Samples.Chat.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA256 password hashes with a per-user random salt, stored as
/// <c>pbkdf2-sha256$iterations$salt$hash</c> (base64) so the work factor can be raised without breaking old hashes.
/// Verification compares in constant time, and <see cref="VerifyAgainstDummy"/> lets a login for an unknown user do
/// the same work as a wrong password, so timing does not reveal which usernames exist.
/// </summary>
internal sealed class PasswordHasher
{
    /// <summary>The floor for new hashes (OWASP's 2023 advice for SHA-256 is higher; this sample shares small machines).</summary>
    public const int MinimumIterations = 100_000;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private readonly int _iterations;
    private readonly Lazy<string> _dummyHash;

    /// <summary>Creates a hasher producing hashes with <paramref name="iterations"/> rounds (at least <see cref="MinimumIterations"/>).</summary>
    public PasswordHasher(int iterations = MinimumIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        _iterations = iterations;
        _dummyHash = new Lazy<string>(() => Hash("not a password anyone has " + Guid.NewGuid()));
    }

    /// <summary>A new salted hash of <paramref name="password"/>.</summary>
    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, _iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${_iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Whether <paramref name="password"/> matches <paramref name="storedHash"/>; false for a malformed hash.</summary>
    public static bool Verify(string password, string storedHash)
    {
        var parts = storedHash.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Does the work of one verification against a hash no password matches; always false.</summary>
    public bool VerifyAgainstDummy(string password) => Verify(password, _dummyHash.Value) && false;
}