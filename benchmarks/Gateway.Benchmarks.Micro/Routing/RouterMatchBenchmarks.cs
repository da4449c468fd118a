using System.Diagnostics;

using BenchmarkDotNet.Attributes;

using Gateway.Routing;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Benchmarks.Micro.Routing;

/// <summary>
/// Matches one request against route tables of 10, 100 and 1,000 GET routes, ours beside ASP.NET Core's endpoint
/// routing, built in the same process from the same templates.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>Gateway_Match</c>: the matcher alone: the tree walk, the typed segment checks and the method check, with
/// the parameters captured as ranges of the path. No values are converted and no child scope is made.</item>
/// <item><c>Gateway_Find</c>: <see cref="Router.Find"/>: the tree walk, the method check, and for parameters the typed
/// conversion into a new <see cref="PathParameters"/> and child <see cref="Scope"/> — exactly what dispatch does before
/// calling the endpoint.</item>
/// <item><c>Gateway_Dispatch</c>: <see cref="Router.Invoke"/> on the same scope, ending in a no-op endpoint: the whole
/// per-request routing cost of an app.</item>
/// <item><c>AspNetCore_Routing</c>: <c>UseRouting()</c> + <c>UseEndpoints()</c> built with <c>AddRouting()</c>, invoked
/// on one reused <see cref="DefaultHttpContext"/> with the path and method set, ending in a no-op endpoint: the DFA
/// matcher, the constraint checks, the route values dictionary and endpoint execution (ASP.NET Core's matcher itself is
/// internal, so this middleware pair is the closest public equivalent of <c>Gateway_Dispatch</c>).</item>
/// </list>
/// </remarks>
[MemoryDiagnoser]
public class RouterMatchBenchmarks
{
    private static readonly Receive NoReceive = _ => ValueTask.FromResult<Message>(HttpDisconnect.Instance);
    private static readonly Send NoSend = (_, _) => ValueTask.CompletedTask;

    private Router _router = null!;
    private RouteTree _tree = null!;
    private Scope _scope = null!;
    private RequestDelegate _aspNet = null!;
    private DefaultHttpContext _context = null!;
    private ServiceProvider _services = null!;

    [Params(10, 100, 1000)]
    public int Routes { get; set; } = 10;

    [Params("literal", "parameters")]
    public string Path { get; set; } = "literal";

    [GlobalSetup]
    public void Setup()
    {
        var templates = RouteTables.Get(Routes);
        var path = Path == "literal" ? RouteTables.LiteralPath : RouteTables.ParameterPath;

        _router = new Router();
        GatewayApp noOp = (_, _, _) => ValueTask.CompletedTask;
        foreach (var template in templates)
        {
            _router.MapGet(template, noOp);
        }

        _router.Build();
        _tree = _router.Tree;
        _scope = new Scope { Type = ScopeType.Http, Method = "GET", Path = path };

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRouting();
        services.AddSingleton(new DiagnosticListener("Microsoft.AspNetCore"));
        _services = services.BuildServiceProvider();
        var app = new ApplicationBuilder(_services);
        app.UseRouting();
        app.UseEndpoints(endpoints =>
        {
            foreach (var template in templates)
            {
                endpoints.MapGet(template, (RequestDelegate)(_ => Task.CompletedTask));
            }
        });
        _aspNet = app.Build();
        _context = new DefaultHttpContext { RequestServices = _services };
        _context.Request.Method = "GET";
        _context.Request.Path = path;

        // Fail fast if either side does not match, rather than measuring a 404.
        if (Gateway_Find() is null || Gateway_Match() < 0)
        {
            throw new InvalidOperationException($"Gateway did not match {path}.");
        }

        AspNetCore_Routing().GetAwaiter().GetResult();
        if (_context.GetEndpoint() is null)
        {
            throw new InvalidOperationException($"ASP.NET Core did not match {path}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public int Gateway_Match()
    {
        Span<Range> captures = stackalloc Range[RouteTemplate.MaxParameters];
        var match = _tree.Match(_scope, _scope.Path, captures);
        return match.Route is null ? -1 : match.CaptureCount;
    }

    [Benchmark]
    public RouteBase? Gateway_Find() => _router.Find(_scope, out _);

    [Benchmark]
    public ValueTask Gateway_Dispatch() => _router.Invoke(_scope, NoReceive, NoSend);

    [Benchmark(Baseline = true)]
    public Task AspNetCore_Routing()
    {
        // The routing middleware only matches when no endpoint has been chosen yet.
        _context.SetEndpoint(null);
        _context.Request.RouteValues.Clear();
        return _aspNet(_context);
    }
}