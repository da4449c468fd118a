using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using Gateway.Samples.Chat.Tests.Support;
using Gateway.Tests.Services;

namespace Gateway.Samples.Chat.Tests.ScaleOut;

/// <summary>
/// The scale-out topology of <c>cluster/run.sh</c> for one test: a Redis, N chat instances as real processes on one
/// PostgreSQL database (sharing the JWT secret, trusting forwarded headers from nginx's source address only), and
/// nginx rendered from the sample's template in front. Disposing stops everything but the database.
/// </summary>
internal sealed class ChatCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _directory;

    private ChatCluster(string directory, RedisServerProcess redis, ChatProcess[] instances, NginxProcess nginx)
    {
        _directory = directory;
        Redis = redis;
        Instances = instances;
        Nginx = nginx;
        Http = new HttpClient { BaseAddress = nginx.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public RedisServerProcess Redis { get; }

    public IReadOnlyList<ChatProcess> Instances { get; }

    public NginxProcess Nginx { get; }

    /// <summary>HTTP through nginx.</summary>
    public HttpClient Http { get; }

    public static async Task<ChatCluster> StartAsync(string postgresConnectionString, int instances = 2)
    {
        var directory = Directory.CreateTempSubdirectory("chat-cluster-").FullName;
        var redis = await RedisServerProcess.StartAsync();
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        var started = new List<ChatProcess>();
        try
        {
            var starting = new Task<ChatProcess>[instances];
            for (var i = 0; i < instances; i++)
            {
                var data = Directory.CreateDirectory(Path.Combine(directory, $"chat{i}")).FullName;
                starting[i] = ChatProcess.StartAsync(
                    data,
                    "--Chat:Database:Provider=postgres",
                    $"--Chat:Database:ConnectionString={postgresConnectionString}",
                    $"--Chat:Redis={redis.Configuration}",
                    $"--Chat:Jwt:Secret={secret}",
                    $"--Chat:TrustedProxies={NginxProcess.ProxyAddress}");
            }

            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                // Whatever started is stopped below if another one failed.
                started.AddRange(starting.Where(task => task.IsCompletedSuccessfully).Select(task => task.Result));
            }

            var nginx = await NginxProcess.StartAsync([.. started.Select(instance => instance.BaseUri.Port)]);
            var cluster = new ChatCluster(directory, redis, [.. started], nginx);
            for (var i = 0; i < instances; i++)
            {
                var index = i;
                await Eventually.ThatAsync(async () => await cluster.RedisStateAsync(index) == "up", $"instance {index} to see Redis up");
            }

            return cluster;
        }
        catch
        {
            foreach (var instance in started)
            {
                await instance.DisposeAsync();
            }

            await redis.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>The port instance <paramref name="index"/> listens on (what nginx reports in X-Chat-Upstream).</summary>
    public int PortOf(int index) => Instances[index].BaseUri.Port;

    /// <summary>Registers and logs in through nginx; returns the access token.</summary>
    public async Task<string> SignUpAsync(string username, string password = "correct horse")
    {
        using (var registered = await Http.PostAsJsonAsync("api/auth/register", new { username, password }, ChatHost.Json))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        using var login = await Http.PostAsJsonAsync("api/auth/login", new { username, password }, ChatHost.Json);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public async Task<long> CreateRoomAsync(string access, string name)
    {
        using var response = await Http.SendAsync(ChatHost.Authorized(HttpMethod.Post, "api/rooms", access, new { name }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public async Task JoinAsync(string access, long roomId)
    {
        using var response = await Http.SendAsync(ChatHost.Authorized(HttpMethod.Post, $"api/rooms/{roomId}/join", access));
        response.EnsureSuccessStatusCode();
    }

    /// <summary><c>GET /api/users/{username}</c> on one instance directly (null index: through nginx).</summary>
    public async Task<JsonElement> UserAsync(string access, string username, int? index = null)
    {
        var http = index is { } i ? Instances[i].Http : Http;
        using var response = await http.SendAsync(ChatHost.Authorized(HttpMethod.Get, $"api/users/{username}", access));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>What instance <paramref name="index"/>'s <c>/healthz</c> says about Redis ("up" or "down"), or null if it does not answer.</summary>
    public async Task<string?> RedisStateAsync(int index)
    {
        try
        {
            using var response = await Instances[index].Http.GetAsync("healthz");
            var health = await response.Content.ReadFromJsonAsync<JsonElement>();
            return health.TryGetProperty("redis", out var redis) ? redis.GetString() : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Opens a WebSocket through nginx until round-robin lands it on instance <paramref name="index"/> (checked before
    /// authenticating, so the misses leave no presence behind), then authenticates.
    /// </summary>
    public async Task<ChatSocket> ConnectOnAsync(int index, string access)
    {
        var wanted = string.Create(CultureInfo.InvariantCulture, $":{PortOf(index)}");
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var socket = await ChatSocket.ConnectAsync(Nginx.WebSocketUri);
            if (socket.Upstream?.EndsWith(wanted, StringComparison.Ordinal) == true)
            {
                await socket.AuthenticateAsync(access);
                return socket;
            }

            await socket.DisposeAsync();
        }

        throw new InvalidOperationException($"nginx never proxied to instance {index} in 20 attempts");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Nginx.DisposeAsync();
        foreach (var instance in Instances)
        {
            await instance.DisposeAsync();
        }

        await Redis.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory; best effort.
        }
    }
}

/// <summary>Polling with a generous deadline: the machine is slow and shared, so tests wait for states, never for times.</summary>
internal static class Eventually
{
    public static async Task ThatAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? ChatCluster.Patience;
        while (!await condition())
        {
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"waited {limit.TotalSeconds:0} s for {what}");
            }

            await Task.Delay(100);
        }
    }
}