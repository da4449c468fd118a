using Gateway.Samples.Chat.Auth;

namespace Gateway.Samples.Chat.Tests.Auth;

public sealed class PasswordHasherTests
{
    private readonly PasswordHasher _hasher = new();

    [Fact]
    public void A_hash_verifies_its_password_only()
    {
        var hash = _hasher.Hash("correct horse");

        Assert.True(PasswordHasher.Verify("correct horse", hash));
        Assert.False(PasswordHasher.Verify("correct horsE", hash));
        Assert.False(PasswordHasher.Verify("", hash));
    }

    [Fact]
    public void Hashes_are_salted_pbkdf2_sha256_with_at_least_100k_iterations()
    {
        var first = _hasher.Hash("same password");
        var second = _hasher.Hash("same password");

        Assert.NotEqual(first, second);
        var parts = first.Split('$');
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.True(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) >= 100_000);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordHasher(99_999));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$x$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAA")]
    [InlineData("md5$1000$AAAA$AAAA")]
    public void Malformed_hashes_verify_nothing(string stored) => Assert.False(PasswordHasher.Verify("password", stored));

    [Fact]
    public void The_dummy_never_matches() => Assert.False(_hasher.VerifyAgainstDummy("not a password anyone has "));
}