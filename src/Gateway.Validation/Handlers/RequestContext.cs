using System.Buffers;
using System.Text.Json;

using Gateway.Validation.Text;

using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Validation.Handlers;

/// <summary>
/// One request as a handler's binders see it: the scope, the body read once, the query, cookies and form decoded on
/// first use, the per-request services, and the errors found so far with the path to the value being bound.
/// </summary>
internal sealed partial class RequestContext : IAsyncDisposable
{
    private readonly HandlerPlan _plan;
    private List<ValidationError>? _errors;
    private PathSegment[] _path = new PathSegment[8];
    private int _depth;
    private int _secretDepth;
    private string _source = "body";

    private byte[]? _body;
    private int _bodyLength;
    private JsonDocument? _document;
    private TextValues? _query;
    private TextValues? _cookies;
    private TextValues? _form;
    private AsyncServiceScope? _serviceScope;

    public RequestContext(HandlerPlan plan, Scope scope, Receive receive, Send send)
    {
        _plan = plan;
        Scope = scope;
        Receive = receive;
        Send = send;
    }

    public Scope Scope { get; }

    public Receive Receive { get; }

    public Send Send { get; }

    public HandlerPlan Plan => _plan;

    public JsonSerializerOptions JsonOptions => _plan.Options.JsonOptions;

    public bool LaxJson => _plan.Options.BodyCoercion == JsonCoercion.Lax;

    public bool HasErrors => _errors is { Count: > 0 };

    public int ErrorCount => _errors?.Count ?? 0;

    public IReadOnlyList<ValidationError> Errors => (IReadOnlyList<ValidationError>?)_errors ?? [];

    /// <summary>The body's JSON root; <see cref="JsonValueKind.Undefined"/> when there was no body.</summary>
    public JsonElement BodyRoot => _document?.RootElement ?? default;

    /// <summary>Whether the body was JSON that failed to parse (already reported as <c>json_invalid</c>).</summary>
    public bool BodyInvalid { get; private set; }

    public TextValues Query => _query ??= TextValues.ParseUrlEncoded(Scope.QueryString.Span);

    public TextValues Form => _form ?? TextValues.Empty;

    public TextValues Cookies => _cookies ??= ParseCookies(Scope.Headers);

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

    public async ValueTask DisposeAsync()
    {
        _document?.Dispose();
        _document = null;
        if (_body is not null)
        {
            ArrayPool<byte>.Shared.Return(_body);
            _body = null;
        }

        if (_serviceScope is { } serviceScope)
        {
            _serviceScope = null;
            await serviceScope.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static TextValues ParseCookies(Headers headers)
    {
        List<KeyValuePair<string, string>>? pairs = null;
        foreach (var value in headers.GetValues("cookie"u8))
        {
            TextValues.AddCookies(pairs ??= [], value.Span);
        }

        return pairs is null ? TextValues.Empty : TextValues.From(pairs);
    }

    private void EnsurePathCapacity()
    {
        if (_depth == _path.Length)
        {
            Array.Resize(ref _path, _path.Length * 2);
        }
    }

    private readonly record struct PathSegment(string? Name, int Index, bool Secret);
}