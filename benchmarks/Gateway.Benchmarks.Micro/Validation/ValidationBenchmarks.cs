using System.Text;

using BenchmarkDotNet.Attributes;

using Gateway.Validation;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Benchmarks.Micro.Validation;

/// <summary>
/// Binding + validating + invoking + writing the JSON result of the same two handlers, side by side:
/// <list type="bullet">
/// <item>Gateway: the <see cref="HandlerEndpoint"/> app called with a prepared <see cref="Scope"/> (headers, query, path
/// parameter as the string "42" so both sides parse it), a <c>receive</c> returning one cached <c>http.request</c> with the
/// whole body, and a <c>send</c> that drops messages. Measured: body read into a pooled buffer, JSON parse, model binding,
/// DataAnnotations validation, handler call, JSON serialization into the response pipe adapter.</item>
/// <item>ASP.NET Core Minimal APIs (.NET 10, <c>AddValidation()</c>, its source-generated validation resolver): the
/// endpoint's <see cref="RequestDelegate"/> taken from a built (never started) WebApplication, called with a new
/// <see cref="DefaultHttpContext"/> per operation (method, path, content type/length, a read-only MemoryStream body,
/// route value "42", query string, Stream.Null response body). Measured: the same steps through
/// RequestDelegateFactory's generated code and the validation endpoint filter, plus the HttpContext it needs.</item>
/// </list>
/// Neither side includes routing, sockets or HTTP parsing.
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private static readonly byte[] UserJson = Encoding.UTF8.GetBytes("""{"name":"Ada Lovelace","age":36}""");

    private GatewayApp _gatewayCreate = null!;
    private GatewayApp _gatewayGet = null!;
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
        _gatewayCreate = HandlerEndpoint.Create(BenchmarkHandlers.Create).App;
        _gatewayGet = HandlerEndpoint.Create(BenchmarkHandlers.Get, null, ["id"]).App;
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
        Check();
    }

    [GlobalCleanup]
    public void Cleanup() => _app?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "Gateway: POST CreateUser body")]
    public ValueTask GatewayPostBody() => _gatewayCreate(_postScope, _receiveBody, DropAsync);

    [Benchmark(Description = "ASP.NET Minimal API + AddValidation: POST CreateUser body")]
    public Task AspNetPostBody() => _aspNetCreate(PostContext(UserJson));

    [Benchmark(Description = "Gateway: GET path id + query limit")]
    public ValueTask GatewayGetPathQuery() => _gatewayGet(_getScope, _receiveEmpty, DropAsync);

    [Benchmark(Description = "ASP.NET Minimal API + AddValidation: GET path id + query limit")]
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

    /// <summary>Both sides must really validate: an invalid request is refused by each.</summary>
    private void Check()
    {
        var invalid = Encoding.UTF8.GetBytes("""{"name":"","age":151}""");
        var aspNet = PostContext(invalid);
        _aspNetCreate(aspNet).GetAwaiter().GetResult();
        var aspNetQuery = GetContext("?limit=1000");
        _aspNetGet(aspNetQuery).GetAwaiter().GetResult();
        var statuses = new List<int>();
        var invalidBody = new ValueTask<Message>(new HttpRequest(invalid, moreBody: false));
        _gatewayCreate(_postScope, _ => invalidBody, (m, _) => Record(m, statuses)).AsTask().GetAwaiter().GetResult();
        _gatewayGet(_getScope with { QueryString = "limit=1000"u8.ToArray() }, _receiveEmpty, (m, _) => Record(m, statuses)).AsTask().GetAwaiter().GetResult();
        if (aspNet.Response.StatusCode != 400 || aspNetQuery.Response.StatusCode != 400 || statuses is not [422, 422])
        {
            throw new InvalidOperationException($"Validation is not active: ASP.NET {aspNet.Response.StatusCode}/{aspNetQuery.Response.StatusCode}, Gateway {string.Join('/', statuses)}.");
        }
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