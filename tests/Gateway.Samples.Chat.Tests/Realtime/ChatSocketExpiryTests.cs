using Gateway.Samples.Chat.Auth;
using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Realtime;

/// <summary>The server closes a connection with 4401 when its access token expires.</summary>
public sealed class ChatSocketExpiryTests
{
    [Fact]
    public async Task A_connection_is_closed_with_4401_when_its_token_expires()
    {
        await using var host = await ChatHost.StartAsync();
        await host.SignUpAsync("alice");
        var user = await host.Services.Store.Users.FindByUsernameAsync("alice");
        // A token issued (with the host's own secret) almost a lifetime ago: it expires about a second from now.
        var issuedAt = new ManualClock(DateTimeOffset.UtcNow - AccessTokenService.Lifetime + TimeSpan.FromSeconds(1));
        var tokens = new AccessTokenService(JwtSecretStore.LoadOrCreate(null, host.Services.Options.DataDirectory), issuedAt);
        var (token, _) = tokens.Issue(user!.Id, user.Username);

        await using var socket = await ChatSocket.ConnectAuthenticatedAsync(host.WebSocketUri, token);
        Assert.Equal(4401, await socket.ReceiveCloseAsync());
    }
}