using System.Collections.Concurrent;
using System.Text;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Hosting.Tests;

/// <summary>Builds generic hosts as an application would (<c>Host.CreateApplicationBuilder</c>), with the content root
/// in a temporary folder for appsettings.json, and captures the host's logs.</summary>
internal sealed class TestHost : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public TestHost(string? appsettings = null, IDictionary<string, string?>? settings = null)
    {
        ContentRoot = Directory.CreateTempSubdirectory("gateway-hosting-").FullName;
        if (appsettings is not null)
        {
            File.WriteAllText(Path.Combine(ContentRoot, "appsettings.json"), appsettings);
        }

        Builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = ContentRoot, Args = [] });
        if (settings is not null)
        {
            Builder.Configuration.AddInMemoryCollection(settings);
        }

        Builder.Logging.ClearProviders();
        Builder.Logging.AddProvider(Logs);
    }

    public string ContentRoot { get; }

    public HostApplicationBuilder Builder { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public static GatewayApp Text(string text) => async (scope, receive, send) =>
    {
        if (scope.Type != ScopeType.Http)
        {
            return;
        }

        while (await receive() is HttpRequest { MoreBody: true })
        {
        }

        await send(new HttpResponseStart(200, [new("content-type", "text/plain; charset=utf-8")]));
        await send(new HttpResponseBody(Encoding.UTF8.GetBytes(text)));
    };

    public void Dispose() => Directory.Delete(ContentRoot, recursive: true);
}

internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(LogLevel, string, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((logLevel, category, formatter(state, exception)));
    }
}