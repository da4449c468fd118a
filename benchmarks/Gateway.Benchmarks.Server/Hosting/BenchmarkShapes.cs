using Gateway.Benchmarks.Raw;
using Gateway.Benchmarks.Routed;

namespace Gateway.Benchmarks.Hosting;

/// <summary>
/// The shapes of the benchmark app the server offers through <c>--shape</c>, each serving the same endpoints
/// (see ../README.md). <c>raw</c> is written against the contract alone, the fair peer of Kestrel's <c>app.Run</c>.
/// </summary>
/// <remarks>
/// <c>routed</c> is the same endpoints on Gateway.Routing + Gateway.Validation, the handlers generated at compile time;
/// <c>routed-reflection</c> is that app with its handlers planned by reflection instead. The load script (<c>--list-shapes</c>)
/// and the smoke tests (<see cref="Names"/>) pick every shape listed here up by themselves.
/// </remarks>
internal static class BenchmarkShapes
{
    private static readonly Dictionary<string, Func<GatewayApp>> Shapes = new(StringComparer.Ordinal)
    {
        ["raw"] = RawApp.Create,
        ["routed"] = RoutedApp.Create,
        ["routed-reflection"] = RoutedReflectionApp.Create,
    };

    /// <summary>The shape used when <c>--shape</c> is not given.</summary>
    public const string Default = "raw";

    /// <summary>The names of every shape offered, in a stable order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Shapes.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Builds the app of one shape.</summary>
    /// <param name="name">A name from <see cref="Names"/>.</param>
    /// <param name="app">The app, when the shape exists.</param>
    /// <returns>Whether the shape exists.</returns>
    public static bool TryCreate(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GatewayApp? app)
    {
        app = Shapes.TryGetValue(name, out var create) ? create() : null;
        return app is not null;
    }
}