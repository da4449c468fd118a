using Gateway.Samples.Chat.Auth;
using Gateway.Samples.Chat.Configuration;
using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests;

public sealed class ChatServicesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chat-services-").FullName;

    [Fact]
    public async Task Start_migrates_the_store_and_wires_auth_to_it_and_a_restart_keeps_tokens_valid()
    {
        var options = new ChatOptions { DataDirectory = _directory };
        string accessToken;
        await using (var services = await ChatServices.StartAsync(options, new ManualClock()))
        {
            Assert.True(await services.Store.PingAsync());
            Assert.Equal(RegisterStatus.Registered, (await services.Auth.RegisterAsync("alice", "wonderland")).Status);
            accessToken = (await services.Auth.LoginAsync("alice", "wonderland", "a", "ua")).Tokens!.AccessToken;
        }

        Assert.True(File.Exists(Path.Combine(_directory, "chat.db")));
        Assert.True(File.Exists(Path.Combine(_directory, JwtSecretStore.FileName)));
        await using (var restarted = await ChatServices.StartAsync(options, new ManualClock()))
        {
            Assert.True((await restarted.Auth.ValidateAccessTokenAsync(accessToken)).IsValid);
            Assert.NotNull(await restarted.Store.Users.FindByUsernameAsync("alice"));
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}