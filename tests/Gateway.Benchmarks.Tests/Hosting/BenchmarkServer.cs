using System.Reflection;

using Gateway.Benchmarks.Hosting;

namespace Gateway.Benchmarks.Tests.Hosting;

/// <summary>The .NET servers of the load benchmark by the names run.sh gives them: <c>gateway-&lt;shape&gt;</c> for
/// every shape the Gateway benchmark server offers, <c>kestrel-raw</c> and <c>kestrel-minimal</c>. The uvicorn peer is
/// Python and is checked by run.sh alone.</summary>
internal static class BenchmarkServer
{
    private const string GatewayPrefix = "gateway-";
    private const string KestrelPrefix = "kestrel-";

    /// <summary>The Kestrel peers.</summary>
    public static IReadOnlyList<string> KestrelNames { get; } = ["kestrel-raw", "kestrel-minimal"];

    /// <summary>Every Gateway shape.</summary>
    public static IReadOnlyList<string> GatewayNames { get; } = [.. BenchmarkShapes.Names.Select(shape => GatewayPrefix + shape)];

    /// <summary>Every .NET server.</summary>
    public static IReadOnlyList<string> AllNames { get; } = [.. GatewayNames, .. KestrelNames];

    /// <summary>The Gateway benchmark server's entry assembly, built in the configuration these tests were built in.</summary>
    public static string GatewayEntryAssembly => EntryAssembly("benchmarks/Gateway.Benchmarks.Server", "Gateway.Benchmarks.Server");

    /// <summary>Starts one server as a process, built in the configuration these tests were built in.</summary>
    /// <param name="name">A name from <see cref="AllNames"/>.</param>
    /// <returns>The running server.</returns>
    public static Task<ServerProcess> StartAsync(string name)
    {
        if (name.StartsWith(GatewayPrefix, StringComparison.Ordinal))
        {
            return ServerProcess.StartAsync(GatewayEntryAssembly, "--shape", name[GatewayPrefix.Length..]);
        }

        if (name.StartsWith(KestrelPrefix, StringComparison.Ordinal))
        {
            return ServerProcess.StartAsync(EntryAssembly("benchmarks/Peers/Kestrel", "Gateway.Benchmarks.Kestrel"), "--shape", name[KestrelPrefix.Length..]);
        }

        throw new ArgumentException($"no benchmark server is called '{name}'", nameof(name));
    }

    /// <summary>Builds the app of a Gateway shape, to run it in-process with the TestClient.</summary>
    /// <param name="name">A name from <see cref="GatewayNames"/>.</param>
    /// <returns>The app.</returns>
    public static GatewayApp CreateGatewayApp(string name) =>
        BenchmarkShapes.TryCreate(name[GatewayPrefix.Length..], out var app) ? app : throw new ArgumentException($"no shape for '{name}'", nameof(name));

    private static string EntryAssembly(string projectDirectory, string assemblyName)
    {
        var configuration = typeof(BenchmarkServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(RepositoryRoot(), projectDirectory, "bin", configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build {projectDirectory} first", path);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Gateway.slnx above {AppContext.BaseDirectory}");
    }
}