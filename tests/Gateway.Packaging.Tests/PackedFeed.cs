namespace Gateway.Packaging.Tests;

/// <summary>
/// Packs the repository once per test class, with a root <c>dotnet pack</c> as a user would, into a temporary folder
/// that serves as a local NuGet feed. The version is unique to the run so that the machine's package cache never
/// hands a consumer the packages of an earlier run; the cached copies are removed again on dispose.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>How long one CLI command (a root pack, a consumer build) may take. A root pack needs well under a minute
    /// of CPU, but it runs beside the other test projects on a 2-core machine: with other builds running there, one took
    /// 6 minutes of wall time for 25 s of CPU, so the bound is generous and only catches a hang.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    public string RepositoryRoot { get; } = FindRepositoryRoot();

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "gateway-packaging-" + Guid.NewGuid().ToString("N")[..12]);

    public string Feed => Path.Combine(Root, "feed");

    public string Version { get; } = $"0.0.0-ci.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    /// <summary>The libraries the repository holds: one package per folder under src/, except build-time projects that
    /// ship inside another package (the source generator) and say so with <c>IsPackable=false</c>.</summary>
    public IReadOnlyList<string> Libraries { get; private set; } = [];

    /// <summary>Everything <c>dotnet pack</c> printed.</summary>
    public string PackOutput { get; private set; } = string.Empty;

    public string Package(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Libraries = Directory.GetDirectories(Path.Combine(RepositoryRoot, "src"))
            .Where(IsLibrary)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList()!;
        var (exitCode, output) = await DotNet.RunAsync(
            RepositoryRoot, CommandTimeout, "pack", "-c", "Release", "-o", Feed, $"-p:Version={Version}", "-p:ContinuousIntegrationBuild=true");
        PackOutput = output;
        Assert.True(exitCode == 0, $"dotnet pack failed:\n{output}");
    }

    /// <summary>Whether a folder under src/ is a library package: one project, not marked unpackable.</summary>
    public static bool IsLibrary(string directory) =>
        Directory.GetFiles(directory, "*.csproj") is [var project]
        && !File.ReadAllText(project).Contains("<IsPackable>false</IsPackable>", StringComparison.Ordinal);

    public Task DisposeAsync()
    {
        TryDelete(Root);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var library in Libraries)
        {
            TryDelete(Path.Combine(cache, library.ToLowerInvariant(), Version));
        }

        return Task.CompletedTask;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Gateway.slnx) is not above " + AppContext.BaseDirectory);
    }
}