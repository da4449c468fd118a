using System.Collections.Concurrent;

namespace Gateway.Benchmarks.Tests.Hosting;

/// <summary>A test-class fixture: starts each server the first time a test asks for it, and stops them all when the
/// class's tests are done (xunit calls <see cref="IAsyncLifetime.DisposeAsync"/> on fixtures), so a class's tests share
/// one process per server and none outlives the run.</summary>
public sealed class RunningServers : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ServerProcess>>> _servers = new(StringComparer.Ordinal);

    /// <summary>A client of the named server; dispose it, not the server.</summary>
    /// <param name="name">A name from <see cref="BenchmarkServer.AllNames"/>.</param>
    /// <returns>An <see cref="HttpClient"/> whose base address is the server.</returns>
    public async Task<HttpClient> ClientAsync(string name)
    {
        var address = await AddressAsync(name);
        return new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The address of the named server.</summary>
    /// <param name="name">A name from <see cref="BenchmarkServer.AllNames"/>.</param>
    /// <returns>Its base address.</returns>
    public async Task<Uri> AddressAsync(string name) =>
        (await _servers.GetOrAdd(name, static name => new Lazy<Task<ServerProcess>>(() => BenchmarkServer.StartAsync(name))).Value).BaseAddress;

    /// <inheritdoc/>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Stops every server started.</summary>
    /// <returns>A task that completes when all have exited.</returns>
    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            if (server.IsValueCreated && server.Value.IsCompletedSuccessfully)
            {
                await server.Value.Result.DisposeAsync();
            }
        }
    }
}