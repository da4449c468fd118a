using System.Globalization;

using Gateway.Tests.Services;

namespace Gateway.Benchmarks.ChatLoad;

/// <summary>
/// One setup of the benchmark, started from nothing and stopped afterwards:
/// <list type="table">
/// <item><term><c>sqlite</c></term><description>one chat instance on SQLite</description></item>
/// <item><term><c>postgres</c></term><description>one chat instance on a throw-away PostgreSQL</description></item>
/// <item><term><c>redis</c></term><description>two chat instances on PostgreSQL and Redis behind nginx (the sample's template)</description></item>
/// <item><term><c>signalr</c></term><description>one ASP.NET Core SignalR hub storing in PostgreSQL</description></item>
/// <item><term><c>signalr-redis</c></term><description>two SignalR hubs with SignalR's Redis backplane behind nginx</description></item>
/// </list>
/// The servers (chat instances, hubs) are pinned together to CPU 0; PostgreSQL, Redis and nginx are not pinned.
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    /// <summary>Every setup, in the order of the table.</summary>
    public static readonly IReadOnlyList<string> Setups = ["sqlite", "postgres", "redis", "signalr", "signalr-redis"];

    private readonly List<IAsyncDisposable> _infrastructure = [];
    private readonly List<ServerProcess> _servers = [];
    private int _disposed;

    private Deployment(string setup) => Setup = setup;

    public string Setup { get; }

    /// <summary>Whether the clients speak SignalR (else the chat's own WebSocket protocol).</summary>
    public bool IsSignalR => Setup.StartsWith("signalr", StringComparison.Ordinal);

    /// <summary>Where clients go: nginx, or the one server.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The servers whose CPU and memory are measured.</summary>
    public IReadOnlyList<ServerProcess> Servers => _servers;

    public bool Pinned => _servers.Count > 0 && _servers.TrueForAll(server => server.Pinned);

    /// <summary>What the table says about the setup.</summary>
    public string Description => Setup switch
    {
        "sqlite" => "Gateway chat, 1 instance, SQLite",
        "postgres" => "Gateway chat, 1 instance, PostgreSQL",
        "redis" => "Gateway chat, 2 instances behind nginx, PostgreSQL + Redis",
        "signalr" => "ASP.NET Core SignalR, 1 instance, PostgreSQL",
        _ => "ASP.NET Core SignalR, 2 instances behind nginx, PostgreSQL + Redis backplane",
    };

    public static async Task<Deployment> StartAsync(string setup, ChatLoadArguments arguments, CancellationToken cancellationToken)
    {
        var deployment = new Deployment(setup);
        try
        {
            await deployment.StartServersAsync(arguments, cancellationToken);
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>The servers' CPU time so far, added up.</summary>
    public TimeSpan CpuTime()
    {
        var total = TimeSpan.Zero;
        foreach (var server in _servers)
        {
            total += server.CpuTime();
        }

        return total;
    }

    /// <summary>The servers' resident memory now, added up.</summary>
    public long ResidentBytes() => _servers.Sum(server => server.ResidentBytes());

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var server in _servers)
        {
            server.Dispose();
        }

        for (var i = _infrastructure.Count - 1; i >= 0; i--)
        {
            await _infrastructure[i].DisposeAsync();
        }
    }

    private async Task StartServersAsync(ChatLoadArguments arguments, CancellationToken cancellationToken)
    {
        if (Setup == "sqlite")
        {
            BaseUri = (await AddChatAsync(arguments, [], cancellationToken)).BaseUri;
            return;
        }

        var postgres = await PostgresProcess.StartAsync();
        _infrastructure.Add(postgres);
        RedisServerProcess? redis = null;
        if (Setup is "redis" or "signalr-redis")
        {
            redis = await RedisServerProcess.StartAsync();
            _infrastructure.Add(redis);
        }

        var instances = redis is null ? 1 : 2;
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        for (var i = 0; i < instances; i++)
        {
            if (IsSignalR)
            {
                var server = await ServerProcess.StartAsync(arguments.SignalRDll, arguments.Pin, null, port =>
                    redis is null
                        ? ["--port", port.ToString(CultureInfo.InvariantCulture), "--postgres", postgres.ConnectionString]
                        : ["--port", port.ToString(CultureInfo.InvariantCulture), "--postgres", postgres.ConnectionString, "--redis", redis.Configuration], cancellationToken);
                _servers.Add(server);
            }
            else
            {
                string[] chat = ["--Chat:Database:Provider=postgres", $"--Chat:Database:ConnectionString={postgres.ConnectionString}", $"--Chat:Jwt:Secret={secret}"];
                await AddChatAsync(arguments, redis is null ? chat : [.. chat, $"--Chat:Redis={redis.Configuration}", $"--Chat:TrustedProxies={NginxProcess.ProxyAddress}"], cancellationToken);
            }
        }

        if (redis is null)
        {
            BaseUri = _servers[0].BaseUri;
            return;
        }

        var nginx = await NginxProcess.StartAsync([.. _servers.Select(server => server.Port)]);
        _infrastructure.Add(nginx);
        BaseUri = nginx.BaseUri;
    }

    private async Task<ServerProcess> AddChatAsync(ChatLoadArguments arguments, IReadOnlyList<string> chat, CancellationToken cancellationToken)
    {
        var server = await ServerProcess.StartChatAsync(arguments.ChatDll, arguments.Pin, chat, cancellationToken);
        _servers.Add(server);
        return server;
    }
}