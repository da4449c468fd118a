using System.Text;

using BenchmarkDotNet.Attributes;

using Gateway.Routing;
using Gateway.Validation;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Benchmarks.Micro.Validation;

/// <summary>
/// Binding + validating + invoking + writing the JSON result of the same two handlers (a validated JSON body; an int
/// from the path and a validated int from the query), three ways side by side:
/// <list type="bullet">
/// <item>Gateway, reflection: <see cref="HandlerEndpoint.Create"/> (never intercepted: planned at start-up with
/// reflection and a compiled expression).</item>
/// <item>Gateway, generated: the same handlers mapped with <c>router.MapPost</c>/<c>MapGet</c>, calls the source
/// generator intercepts; the <see cref="HandlerEndpoint"/> is taken from the route's metadata, so routing is left out.</item>
/// <item>ASP.NET Core Minimal APIs (.NET 10, <c>AddValidation()</c> and its source-generated validation resolver, the
/// request delegate generator on): the endpoint's <see cref="RequestDelegate"/> taken from a built (never started)
/// WebApplication, called with a new <see cref="DefaultHttpContext"/> per operation (method, path, content
/// type/length, a read-only MemoryStream body, route value "42", query string, Stream.Null response body). Measured: the
/// same steps through the generated request delegate and the validation endpoint filter, plus the HttpContext it
/// needs.</item>
/// </list>
/// Both Gateway endpoints are called with a prepared <see cref="Scope"/> (headers, query, path parameter as the string
/// "42" so every side parses it), a <c>receive</c> returning one cached <c>http.request</c> with the whole body, and a
/// <c>send</c> that drops messages. Measured: body read into a pooled buffer, JSON parse, model binding, DataAnnotations
/// validation, handler call, JSON serialization into the response pipe adapter. No side includes routing, sockets or
/// HTTP parsing. <see cref="Setup"/> refuses to run unless each endpoint took the path it is named after, binds the
/// path and query values into its answer, and refuses invalid input.
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private static readonly byte[] UserJson = Encoding.UTF8.GetBytes("""{"name":"Ada Lovelace","age":36}""");

    private GatewayApp _gatewayCreate = null!;
    private GatewayApp _gatewayGet = null!;
    private GatewayApp _generatedCreate = null!;
    private GatewayApp _generatedGet = null!;
    private Scope _postScope = null!;
    private Scope _getScope = null!;
    private Receive _receiveBody = null!;
    private Receive _receiveEmpty = null!;
    private RequestDelegate _aspNetCreate = null!;
    private RequestDelegate _aspNetGet = null!;
    private IServiceProvider _aspNetServices = null!;
    private WebApplication? _app;

    [GlobalSetup]
    public void Setup()
    {
        _gatewayCreate = Planned(HandlerEndpoint.Create(BenchmarkHandlers.Create), generated: false);
        _gatewayGet = Planned(HandlerEndpoint.Create(BenchmarkHandlers.Get, null, ["id"]), generated: false);
        var router = new Router();
        _generatedCreate = Planned(router.MapPost("/users", BenchmarkHandlers.Create), generated: true);
        _generatedGet = Planned(router.MapGet("/items/{id}", BenchmarkHandlers.Get), generated: true);
        _postScope = new Scope
        {
            Type = ScopeType.Http,
            Method = "POST",
            Path = "/users",
            Headers = Headers.Create([new Header("content-type", "application/json"), new Header("content-length", UserJson.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
        };
        _getScope = new Scope
        {
            Type = ScopeType.Http,
            Path = "/items/42",
            QueryString = "limit=10"u8.ToArray(),
            PathParameters = PathParameters.Create(new KeyValuePair<string, object>("id", "42")),
        };
        var body = new ValueTask<Message>(new HttpRequest(UserJson, moreBody: false));
        var empty = new ValueTask<Message>(HttpRequest.Empty);
        _receiveBody = _ => body;
        _receiveEmpty = _ => empty;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddValidation();
        var app = builder.Build();
        app.MapPost("/users", BenchmarkHandlers.Create);
        app.MapGet("/items/{id}", BenchmarkHandlers.Get);
        _app = app;
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToArray();
        _aspNetCreate = endpoints.Single(e => e.RoutePattern.RawText == "/users").RequestDelegate!;
        _aspNetGet = endpoints.Single(e => e.RoutePattern.RawText == "/items/{id}").RequestDelegate!;
        _aspNetServices = app.Services;
        CheckGenerated(_aspNetCreate);
        CheckGenerated(_aspNetGet);
        Check();
    }

    [GlobalCleanup]
    public void Cleanup() => _app?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "Gateway reflection: POST CreateUser body")]
    public ValueTask GatewayPostBody() => _gatewayCreate(_postScope, _receiveBody, DropAsync);

    [Benchmark(Description = "Gateway generated: POST CreateUser body")]
    public ValueTask GeneratedPostBody() => _generatedCreate(_postScope, _receiveBody, DropAsync);

    [Benchmark(Description = "ASP.NET Minimal API (RDG) + AddValidation: POST CreateUser body")]
    public Task AspNetPostBody() => _aspNetCreate(PostContext(UserJson));

    [Benchmark(Description = "Gateway reflection: GET path id + query limit")]
    public ValueTask GatewayGetPathQuery() => _gatewayGet(_getScope, _receiveEmpty, DropAsync);

    [Benchmark(Description = "Gateway generated: GET path id + query limit")]
    public ValueTask GeneratedGetPathQuery() => _generatedGet(_getScope, _receiveEmpty, DropAsync);

    [Benchmark(Description = "ASP.NET Minimal API (RDG) + AddValidation: GET path id + query limit")]
    public Task AspNetGetPathQuery() => _aspNetGet(GetContext("?limit=10"));

    private static ValueTask DropAsync(Message message, CancellationToken cancellationToken) => default;

    private DefaultHttpContext PostContext(byte[] json)
    {
        var context = new DefaultHttpContext { RequestServices = _aspNetServices };
        context.Request.Method = "POST";
        context.Request.Path = "/users";
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = json.Length;
        context.Request.Body = new MemoryStream(json, writable: false);
        context.Response.Body = Stream.Null;
        return context;
    }

    private DefaultHttpContext GetContext(string query)
    {
        var context = new DefaultHttpContext { RequestServices = _aspNetServices };
        context.Request.Method = "GET";
        context.Request.Path = "/items/42";
        context.Request.QueryString = new QueryString(query);
        context.Request.RouteValues["id"] = "42";
        context.Response.Body = Stream.Null;
        return context;
    }

    private static GatewayApp Planned(Gateway.Routing.RouteBuilder route, bool generated) =>
        Planned(route.Metadata.OfType<HandlerEndpoint>().Single(), generated);

    /// <summary>The endpoint's app, once it is known to have taken the path the benchmark names it after: without the
    /// generator (or with a call it does not intercept) the "generated" rows would measure reflection twice.</summary>
    private static GatewayApp Planned(HandlerEndpoint endpoint, bool generated) => endpoint.IsGenerated == generated
        ? endpoint.App
        : throw new InvalidOperationException($"Expected a {(generated ? "generated" : "reflection")} endpoint, got the other.");

    /// <summary>The request delegate generator's delegates are declared in its generated namespace; the
    /// RequestDelegateFactory's (reflection and compiled expressions) are not.</summary>
    private static void CheckGenerated(RequestDelegate requestDelegate)
    {
        var declaringType = requestDelegate.Method.DeclaringType?.FullName ?? "";
        if (!declaringType.StartsWith("Microsoft.AspNetCore.Http.Generated.", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The Minimal API endpoint is not the request delegate generator's: {declaringType}.");
        }
    }

    /// <summary>Every side must bind the path and query values into its answer, and really validate: an invalid request
    /// is refused by each.</summary>
    private void Check()
    {
        var expected = """{"id":42,"limit":10}""";
        var aspNetValid = GetContext("?limit=10");
        var aspNetBody = new MemoryStream();
        aspNetValid.Response.Body = aspNetBody;
        _aspNetGet(aspNetValid).GetAwaiter().GetResult();
        var answers = new List<string> { Encoding.UTF8.GetString(aspNetBody.ToArray()) };
        foreach (var get in new[] { _gatewayGet, _generatedGet })
        {
            var body = new List<byte>();
            get(_getScope, _receiveEmpty, (m, _) => Collect(m, body)).AsTask().GetAwaiter().GetResult();
            answers.Add(Encoding.UTF8.GetString([.. body]));
        }

        if (answers.Any(answer => answer != expected))
        {
            throw new InvalidOperationException($"GET did not bind path and query: {string.Join(" | ", answers)}.");
        }

        var invalid = Encoding.UTF8.GetBytes("""{"name":"","age":151}""");
        var aspNet = PostContext(invalid);
        _aspNetCreate(aspNet).GetAwaiter().GetResult();
        var aspNetQuery = GetContext("?limit=1000");
        _aspNetGet(aspNetQuery).GetAwaiter().GetResult();
        var statuses = new List<int>();
        var invalidBody = new ValueTask<Message>(new HttpRequest(invalid, moreBody: false));
        foreach (var (create, get) in new[] { (_gatewayCreate, _gatewayGet), (_generatedCreate, _generatedGet) })
        {
            create(_postScope, _ => invalidBody, (m, _) => Record(m, statuses)).AsTask().GetAwaiter().GetResult();
            get(_getScope with { QueryString = "limit=1000"u8.ToArray() }, _receiveEmpty, (m, _) => Record(m, statuses)).AsTask().GetAwaiter().GetResult();
        }

        if (aspNet.Response.StatusCode != 400 || aspNetQuery.Response.StatusCode != 400 || statuses is not [422, 422, 422, 422])
        {
            throw new InvalidOperationException($"Validation is not active: ASP.NET {aspNet.Response.StatusCode}/{aspNetQuery.Response.StatusCode}, Gateway {string.Join('/', statuses)}.");
        }
    }

    private static ValueTask Collect(Message message, List<byte> body)
    {
        if (message is HttpResponseBody chunk)
        {
            body.AddRange(chunk.Body.Span);
        }

        return default;
    }

    private static ValueTask Record(Message message, List<int> statuses)
    {
        if (message is HttpResponseStart start)
        {
            statuses.Add(start.Status);
        }

        return default;
    }
}