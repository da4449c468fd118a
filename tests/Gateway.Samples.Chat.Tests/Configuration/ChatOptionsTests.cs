using Gateway.Samples.Chat.Configuration;

using Microsoft.Extensions.Configuration;

namespace Gateway.Samples.Chat.Tests.Configuration;

public sealed class ChatOptionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chat-config-").FullName;

    [Fact]
    public void Defaults_serve_sqlite_on_localhost_8000()
    {
        var options = Read([]);

        Assert.Equal("http://127.0.0.1:8000", options.Listen);
        Assert.Equal(new Uri("http://127.0.0.1:8000"), options.HttpListenUri);
        Assert.Null(options.UnixSocketPath);
        Assert.Equal(Path.Combine(_directory, "data"), options.DataDirectory);
        Assert.Equal(DatabaseProvider.Sqlite, options.DatabaseProvider);
        Assert.Null(options.DatabaseConnectionString);
        Assert.Null(options.JwtSecret);
        Assert.Equal(["http://127.0.0.1:8000"], options.AllowedOrigins);
        Assert.Null(options.Redis);
    }

    [Fact]
    public void Every_key_is_read_from_the_command_line()
    {
        var options = Read([
            "--Chat:Listen=http://0.0.0.0:9000",
            "--Chat:DataDirectory=/var/lib/chat",
            "--Chat:Database:Provider=postgres",
            "--Chat:Database:ConnectionString=Host=db;Username=chat",
            "--Chat:Jwt:Secret=0123456789abcdef0123456789abcdef",
            "--Chat:AllowedOrigins=https://chat.example, http://localhost:5173",
            "--Chat:Redis=localhost:6379",
        ]);

        Assert.Equal(9000, options.HttpListenUri!.Port);
        Assert.Equal("/var/lib/chat", options.DataDirectory);
        Assert.Equal(DatabaseProvider.Postgres, options.DatabaseProvider);
        Assert.Equal("Host=db;Username=chat", options.DatabaseConnectionString);
        Assert.Equal(32, options.JwtSecret!.Length);
        Assert.Equal(["https://chat.example", "http://localhost:5173"], options.AllowedOrigins);
        Assert.Equal("localhost:6379", options.Redis);
    }

    [Fact]
    public void Json_then_environment_then_arguments_with_later_sources_winning()
    {
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """
            { "Chat": { "Listen": "http://127.0.0.1:7000", "DataDirectory": "from-json", "AllowedOrigins": [ "https://a.example", "https://b.example" ] } }
            """);
        Environment.SetEnvironmentVariable("CHAT__DATADIRECTORY", "from-env");
        Environment.SetEnvironmentVariable("CHAT__LISTEN", "http://127.0.0.1:7100");
        try
        {
            var options = Read(["--Chat:Listen=http://127.0.0.1:7200"]);

            Assert.Equal(7200, options.HttpListenUri!.Port);
            Assert.Equal(Path.Combine(_directory, "from-env"), options.DataDirectory);
            Assert.Equal(["https://a.example", "https://b.example"], options.AllowedOrigins);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CHAT__DATADIRECTORY", null);
            Environment.SetEnvironmentVariable("CHAT__LISTEN", null);
        }
    }

    [Fact]
    public void A_unix_listener_has_a_path_and_no_default_origin()
    {
        var options = Read(["--Chat:Listen=unix:/run/chat.sock"]);

        Assert.Equal("/run/chat.sock", options.UnixSocketPath);
        Assert.Null(options.HttpListenUri);
        Assert.Empty(options.AllowedOrigins);
    }

    [Theory]
    [InlineData("Chat:Listen", "bogus")]
    [InlineData("Chat:Listen", "https://127.0.0.1:8000")]
    [InlineData("Chat:Listen", "http://127.0.0.1:8000/chat")]
    [InlineData("Chat:Listen", "unix:relative.sock")]
    [InlineData("Chat:Database:Provider", "mysql")]
    [InlineData("Chat:Jwt:Secret", "too short")]
    [InlineData("Chat:AllowedOrigins", "https://chat.example/path")]
    [InlineData("Chat:AllowedOrigins", "chat.example")]
    [InlineData("Chat:AllowedOrigins", "ftp://chat.example")]
    [InlineData("Chat:Redis", "localhost:6379,bogusoption=1")]
    [InlineData("Chat:Redis", "password=only")]
    [InlineData("Chat:TrustedProxies", "nginx.internal")]
    [InlineData("Chat:TrustedProxies", "10.0.0.0/33")]
    public void Bad_values_are_refused_naming_their_key(string key, string value)
    {
        var error = Assert.Throws<ChatOptionsException>(() => Read([$"--{key}={value}"]));

        Assert.Equal(key, error.Key);
        Assert.StartsWith(key + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_needs_a_connection_string()
    {
        var error = Assert.Throws<ChatOptionsException>(() => Read(["--Chat:Database:Provider=postgres"]));

        Assert.Equal("Chat:Database:ConnectionString", error.Key);
    }

    [Fact]
    public void A_bad_secret_is_not_echoed()
    {
        var error = Assert.Throws<ChatOptionsException>(() => Read(["--Chat:Jwt:Secret=hunter2hunter2"]));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Trusted_proxies_default_to_loopback_and_take_addresses_networks_or_none()
    {
        Assert.Equal(["127.0.0.0/8", "::1/128"], Read([]).TrustedProxies.Select(n => n.ToString()));
        Assert.Equal(["127.0.0.2/32", "10.1.0.0/16"], Read(["--Chat:TrustedProxies=127.0.0.2, 10.1.0.0/16"]).TrustedProxies.Select(n => n.ToString()));
        Assert.Empty(Read(["--Chat:TrustedProxies=none"]).TrustedProxies);
    }

    [Fact]
    public void A_bad_redis_string_is_reported_without_echoing_its_password()
    {
        var error = Assert.Throws<ChatOptionsException>(() => Read(["--Chat:Redis=localhost:6379,password=s3cret,nosuchoption=1"]));

        Assert.Equal("Chat:Redis", error.Key);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    private ChatOptions Read(string[] args) => ChatOptionsReader.Read(ChatConfiguration.Build(args, _directory), _directory);
}