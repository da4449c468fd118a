using Gateway.Samples.Chat.Auth;

namespace Gateway.Samples.Chat.Tests.Auth;

public sealed class JwtSecretStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chat-secret-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_generated_secret_is_kept_private_and_reused()
    {
        var first = JwtSecretStore.LoadOrCreate(null, _directory);
        var second = JwtSecretStore.LoadOrCreate(null, _directory);

        Assert.True(first.Length >= 32);
        Assert.Equal(first, second);
        var path = Path.Combine(_directory, JwtSecretStore.FileName);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void A_configured_secret_wins_and_writes_nothing()
    {
        var configured = new byte[40];

        Assert.Same(configured, JwtSecretStore.LoadOrCreate(configured, _directory));
        Assert.False(File.Exists(Path.Combine(_directory, JwtSecretStore.FileName)));
    }

    [Fact]
    public void A_short_kept_secret_stops_startup()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, JwtSecretStore.FileName), Convert.ToBase64String(new byte[8]));

        Assert.Throws<InvalidOperationException>(() => JwtSecretStore.LoadOrCreate(null, _directory));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}