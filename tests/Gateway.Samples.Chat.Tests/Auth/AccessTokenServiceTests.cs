using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

using Gateway.Samples.Chat.Auth;
using Gateway.Samples.Chat.Tests.Support;

using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Samples.Chat.Tests.Auth;

public sealed class AccessTokenServiceTests
{
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(64);
    private readonly ManualClock _clock = new();
    private readonly AccessTokenService _service;

    public AccessTokenServiceTests()
    {
        _service = new AccessTokenService(Secret, _clock);
    }

    [Fact]
    public async Task An_issued_token_is_valid_for_fifteen_minutes()
    {
        var (token, expiresAt) = _service.Issue(42, "alice");

        var result = await _service.ValidateAsync(token);

        Assert.True(result.IsValid, result.FailureReason);
        Assert.Equal(42, result.UserId);
        Assert.Equal("alice", result.Username);
        Assert.Equal(expiresAt, result.ExpiresAt);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(15).ToUnixTimeSeconds(), expiresAt.ToUnixTimeSeconds());
        var header = new JsonWebToken(token);
        Assert.Equal("at+jwt", header.Typ);
        Assert.Equal("HS256", header.Alg);
        Assert.Equal(AccessTokenService.Issuer, header.Issuer);
        Assert.Equal([AccessTokenService.Audience], header.Audiences);
    }

    [Fact]
    public async Task Alg_none_is_refused()
    {
        var (token, _) = _service.Issue(42, "alice");
        var payload = token.Split('.')[1];
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"at+jwt\"}"));

        Assert.False((await _service.ValidateAsync($"{header}.{payload}.")).IsValid);
        Assert.False((await _service.ValidateAsync($"{header}.{payload}.{token.Split('.')[2]}")).IsValid);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.HmacSha384)]
    [InlineData(SecurityAlgorithms.HmacSha512)]
    public async Task Other_hmac_algorithms_with_the_right_key_are_refused(string algorithm)
    {
        var token = Create(new SigningCredentials(new SymmetricSecurityKey(Secret), algorithm));

        Assert.False((await _service.ValidateAsync(token)).IsValid);
    }

    [Fact]
    public async Task Rs256_is_refused()
    {
        using var rsa = RSA.Create(2048);
        var token = Create(new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256));

        Assert.False((await _service.ValidateAsync(token)).IsValid);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var other = new AccessTokenService(RandomNumberGenerator.GetBytes(64), _clock);
        var (token, _) = other.Issue(42, "alice");

        Assert.True((await other.ValidateAsync(token)).IsValid);
        Assert.False((await _service.ValidateAsync(token)).IsValid);
    }

    [Fact]
    public async Task A_tampered_payload_is_refused()
    {
        var (token, _) = _service.Issue(42, "alice");
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("\"42\"", "\"1\"", StringComparison.Ordinal);
        Assert.Contains("\"1\"", payload, StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        Assert.False((await _service.ValidateAsync(tampered)).IsValid);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var (token, _) = _service.Issue(42, "alice");
        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.True((await _service.ValidateAsync(token)).IsValid);

        _clock.Advance(TimeSpan.FromMinutes(1) + AccessTokenService.ClockSkew + TimeSpan.FromSeconds(1));
        Assert.False((await _service.ValidateAsync(token)).IsValid);
    }

    [Fact]
    public async Task A_not_yet_valid_token_is_refused()
    {
        _clock.Advance(TimeSpan.FromMinutes(5));
        var (token, _) = _service.Issue(42, "alice");
        _clock.Advance(TimeSpan.FromMinutes(-5));

        Assert.False((await _service.ValidateAsync(token)).IsValid);
    }

    [Fact]
    public async Task A_refresh_token_is_not_an_access_token()
    {
        Assert.False((await _service.ValidateAsync(RefreshTokens.NewToken())).IsValid);
        Assert.False((await _service.ValidateAsync("")).IsValid);
        Assert.False((await _service.ValidateAsync("a.b.c")).IsValid);
    }

    [Theory]
    [InlineData("JWT", AccessTokenService.Issuer, AccessTokenService.Audience)]
    [InlineData("at+jwt", "someone-else", AccessTokenService.Audience)]
    [InlineData("at+jwt", AccessTokenService.Issuer, "another-api")]
    public async Task Wrong_type_issuer_or_audience_is_refused(string type, string issuer, string audience)
    {
        var token = Create(new SigningCredentials(new SymmetricSecurityKey(Secret), SecurityAlgorithms.HmacSha256), type, issuer, audience);

        Assert.False((await _service.ValidateAsync(token)).IsValid);
    }

    [Fact]
    public async Task The_control_token_built_like_the_attacks_is_accepted()
    {
        // Guards the attack tests: the same construction with every property right does validate.
        var token = Create(new SigningCredentials(new SymmetricSecurityKey(Secret), SecurityAlgorithms.HmacSha256));

        Assert.True((await _service.ValidateAsync(token)).IsValid);
    }

    [Fact]
    public void Short_secrets_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AccessTokenService(new byte[31], _clock));

    private string Create(SigningCredentials credentials, string type = AccessTokenService.TokenType, string issuer = AccessTokenService.Issuer, string audience = AccessTokenService.Audience)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            TokenType = type,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(15),
            Subject = new ClaimsIdentity([new Claim("sub", "42"), new Claim("name", "alice")]),
            SigningCredentials = credentials,
        });
    }
}