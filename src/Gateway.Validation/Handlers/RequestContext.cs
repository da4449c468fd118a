using System.Text.Json;

using Gateway.Routing;
using Gateway.Validation.Text;

using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Validation.Handlers;

/// <summary>
/// One request as a handler's binders see it: Gateway.Routing's <see cref="Routing.Request"/> (which parses the query,
/// cookies, body and form once, with the route's limits), the JSON being bound (the body's, or a WebSocket message's), the
/// per-request services, and the errors found so far with the path to the value being bound.
/// </summary>
internal sealed partial class RequestContext : IAsyncDisposable
{
    private readonly HandlerPlan _plan;
    private List<ValidationError>? _errors;
    private PathSegment[] _path = [];
    private int _depth;
    private int _secretDepth;
    private string _source = "body";

    private Request? _request;
    private byte[]? _body;
    private int _bodyLength;
    private bool _bodyRead;
    private MultiValueMap? _query;
    private MultiValueMap? _cookies;
    private Send? _handlerSend;
    private AsyncServiceScope? _serviceScope;

    public RequestContext(HandlerPlan plan, Scope scope, Receive receive, Send send)
    {
        _plan = plan;
        Scope = scope;
        Receive = receive;
        Send = send;
    }

    /// <summary>The request, made on first use (a handler that binds only path, query and cookie values never needs
    /// one: those are parsed here with the very parsers and limits the request uses, and handed to it if it is made).</summary>
    public Request Request
    {
        get
        {
            if (_request is null)
            {
                _request = new Request(Scope, Receive, _plan.Router, _plan.RequestOptions);
                _request.Seed(_query, _cookies);
                if (_bodyRead)
                {
                    // The request owns the pooled body from now on.
                    _request.SeedBody(_body, _bodyLength);
                    _body = null;
                }
            }

            return _request;
        }
    }

    public Scope Scope { get; }

    /// <summary>Whether the handler started the response itself, through the <see cref="Send"/> it was given.</summary>
    public bool ResponseStarted { get; private set; }

    /// <summary>The send delegate handed to a handler's <see cref="Send"/> parameter: it notes when the handler starts
    /// the response, so a handler that answered itself gets no 204 after it.</summary>
    public Send HandlerSend => _handlerSend ??= SendAndTrack;

    public Receive Receive { get; }

    public Send Send { get; }

    public HandlerPlan Plan => _plan;

    public JsonSerializerOptions JsonOptions => _plan.JsonOptions;

    public bool LaxJson => _plan.Options.BodyCoercion == JsonCoercion.Lax;

    public bool HasErrors => _errors is { Count: > 0 };

    public int ErrorCount => _errors?.Count ?? 0;

    public IReadOnlyList<ValidationError> Errors => (IReadOnlyList<ValidationError>?)_errors ?? [];

    /// <summary>Whether the body was JSON that failed to parse (already reported as <c>json_invalid</c>).</summary>
    public bool BodyInvalid { get; private set; }

    public MultiValueMap Query => _query ??= _request?.Query ?? UrlEncoding.ParseForm(Scope.QueryString.Span, _plan.RequestOptions.Form.MaxFields);

    public MultiValueMap Form => FormData?.Fields ?? MultiValueMap.Empty;

    public FormData? FormData { get; private set; }

    public MultiValueMap Cookies => _cookies ??= _request?.Cookies ?? RequestCookies.Parse(Scope, _plan.RequestOptions.Form.MaxFields);

    /// <summary>The services for this request: a scope created on first use when the scope carries a provider.</summary>
    public IServiceProvider? Services
    {
        get
        {
            if (_serviceScope is { } existing)
            {
                return existing.ServiceProvider;
            }

            if (Scope.Services is not { } root)
            {
                return null;
            }

            if (root.GetService(typeof(IServiceScopeFactory)) is not IServiceScopeFactory factory)
            {
                return root;
            }

            var created = factory.CreateAsyncScope();
            _serviceScope = created;
            return created.ServiceProvider;
        }
    }

    /// <summary>Starts binding a value from <paramref name="source"/> (<c>query</c>, <c>body</c>, ...).</summary>
    public void Begin(string source)
    {
        _source = source;
        _depth = 0;
        _secretDepth = 0;
    }

    public void Push(string name, bool secret = false)
    {
        EnsurePathCapacity();
        _path[_depth++] = new PathSegment(name, 0, secret);
        if (secret)
        {
            _secretDepth++;
        }
    }

    public void Push(int index)
    {
        EnsurePathCapacity();
        _path[_depth++] = new PathSegment(null, index, Secret: false);
    }

    public void Pop()
    {
        if (_path[--_depth].Secret)
        {
            _secretDepth--;
        }
    }

    /// <summary>Records an error for the value at the current path.</summary>
    public void AddError(string type, string message, object? input, IReadOnlyDictionary<string, object?>? context = null)
    {
        var location = new object[_depth + 1];
        location[0] = _source;
        for (var i = 0; i < _depth; i++)
        {
            location[i + 1] = _path[i].Name ?? (object)_path[i].Index;
        }

        (_errors ??= []).Add(new ValidationError(location, type, message, _secretDepth > 0 ? null : input, _secretDepth == 0, context));
    }

    /// <summary>Records a <c>missing</c> error for the value at the current path.</summary>
    public void AddMissing() => AddError("missing", "Field required", null, null);

    /// <summary>Records an error of a known kind.</summary>
    public void AddError(ErrorKind kind, object? input) =>
        AddError(kind.Type, kind.Message, input, kind.ContextError is null ? null : new Dictionary<string, object?> { ["error"] = kind.ContextError });

    /// <summary>Adds errors found by a custom step (a whole-request error list).</summary>
    public void AddErrors(IEnumerable<ValidationError> errors) => (_errors ??= []).AddRange(errors);

    /// <summary>Returns the pooled buffers and disposes the request and the service scope; synchronous unless there is a
    /// scope to dispose (a handler that used no scoped service pays for no async step).</summary>
    public ValueTask DisposeAsync()
    {
        _json = default;
        _rootToken = JsonTokenType.None;
        if (_rootMembers is { } rootMembers)
        {
            _rootMembers = null;
            System.Buffers.ArrayPool<RootMember>.Shared.Return(rootMembers);
        }

        _request?.Dispose();
        if (_body is { } body)
        {
            _body = null;
            System.Buffers.ArrayPool<byte>.Shared.Return(body);
        }

        if (_serviceScope is { } serviceScope)
        {
            _serviceScope = null;
            return serviceScope.DisposeAsync();
        }

        return default;
    }

    private ValueTask SendAndTrack(Message message, CancellationToken cancellationToken)
    {
        ResponseStarted |= message is HttpResponseStart or WebSocketAccept or WebSocketHttpResponseStart or WebSocketClose;
        return Send(message, cancellationToken);
    }

    private void EnsurePathCapacity()
    {
        if (_depth == _path.Length)
        {
            Array.Resize(ref _path, Math.Max(4, _path.Length * 2));
        }
    }

    private readonly record struct PathSegment(string? Name, int Index, bool Secret);
}
