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

    private ReadOnlyMemory<byte> _json;
    private bool _hasJson;
    private int _jsonBase;
    private JsonTokenType _rootToken;
    private RootMember[]? _rootMembers;
    private int _rootMemberCount;
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

    /// <summary>Whether there is JSON to bind from: a non-empty body (or message) that <see cref="TryLoadJson"/> found
    /// well-formed.</summary>
    public bool HasJson => _hasJson;

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

    /// <summary>Checks that <paramref name="json"/> is well-formed JSON within <see cref="Routing.HandlerOptions.MaxDepth"/>, in one
    /// pass with System.Text.Json's reader (so a syntax error reads exactly as a <see cref="JsonDocument"/> would report it),
    /// and keeps it for the binders, which read it without checking it again.</summary>
    /// <param name="json">The text; it must stay valid while the request is bound.</param>
    /// <param name="error">The syntax error, when there is one.</param>
    /// <returns><see langword="false"/> when the text is not well-formed.</returns>
    /// <remarks>The pass also notes where the root object's members are (<see cref="RootMembers"/>), so that binding the
    /// root object does not scan the text a second time.</remarks>
    public bool TryLoadJson(ReadOnlyMemory<byte> json, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out JsonException? error)
    {
        var reader = new Utf8JsonReader(json.Span, ReaderOptions);
        _rootMemberCount = 0;
        try
        {
            reader.Read();
            _rootToken = reader.TokenType;
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var member = new RootMember((int)reader.TokenStartIndex, reader.ValueSpan.Length, reader.ValueIsEscaped, 0);
                    reader.Read();
                    AddRootMember(member with { ValueOffset = (int)reader.TokenStartIndex });
                }
            }
        }
        catch (JsonException exception)
        {
            error = exception;
            return false;
        }

        _json = json;
        _hasJson = true;
        _jsonBase = 0;
        error = null;
        return true;
    }

    /// <summary>Whether the loaded JSON's root is an object (whose members are <see cref="RootMembers"/>).</summary>
    public bool RootIsObject => _hasJson && _rootToken == JsonTokenType.StartObject;

    /// <summary>Whether the loaded JSON's root is <c>null</c>.</summary>
    public bool RootIsNull => _hasJson && _rootToken == JsonTokenType.Null;

    /// <summary>The root object's members in the order written, repeated ones included.</summary>
    public ReadOnlySpan<RootMember> RootMembers => _rootMembers.AsSpan(0, _rootMemberCount);

    /// <summary><paramref name="length"/> bytes of the loaded JSON from <paramref name="offset"/>.</summary>
    public ReadOnlySpan<byte> JsonBytes(int offset, int length) => _json.Span.Slice(offset, length);

    private void AddRootMember(RootMember member)
    {
        if (_rootMembers is null || _rootMemberCount == _rootMembers.Length)
        {
            // Pooled and bounded by the body: a member takes at least four bytes ("":0).
            var grown = System.Buffers.ArrayPool<RootMember>.Shared.Rent(Math.Max(8, _rootMemberCount * 2));
            if (_rootMembers is not null)
            {
                _rootMembers.AsSpan(0, _rootMemberCount).CopyTo(grown);
                System.Buffers.ArrayPool<RootMember>.Shared.Return(_rootMembers);
            }

            _rootMembers = grown;
        }

        _rootMembers[_rootMemberCount++] = member;
    }

    /// <summary>A reader on the first token of the value at <paramref name="offset"/> in the loaded JSON. Offsets the models
    /// note (<see cref="JsonOffset"/>) count from the new reader's start until <see cref="CloseJson"/> is called with
    /// <paramref name="outer"/>.</summary>
    public Utf8JsonReader OpenJson(int offset, out int outer)
    {
        outer = _jsonBase;
        _jsonBase = offset;
        var reader = new Utf8JsonReader(_json.Span[offset..], ReaderOptions);
        reader.Read();
        return reader;
    }

    /// <summary>Ends reading at an offset: offsets count from the enclosing reader's start again.</summary>
    public void CloseJson(int outer) => _jsonBase = outer;

    /// <summary>The offset in the loaded JSON of the token <paramref name="reader"/> (the innermost open one) is on.</summary>
    public int JsonOffset(ref Utf8JsonReader reader) => _jsonBase + (int)reader.TokenStartIndex;

    /// <summary>The bytes from <paramref name="start"/> to <paramref name="end"/>, counted as the innermost open reader
    /// counts them.</summary>
    public ReadOnlySpan<byte> JsonText(int start, int end) => _json.Span[(_jsonBase + start)..(_jsonBase + end)];

    /// <summary>The offset of the value of the root object's member <paramref name="utf8Name"/> (the last, when repeated,
    /// as a parsed document finds it); <see cref="Json.ObjectMember.Absent"/> when the root is not an object or has no such
    /// member.</summary>
    public int FindRootMember(ReadOnlySpan<byte> utf8Name)
    {
        var found = Json.ObjectMember.Absent;
        if (!RootIsObject)
        {
            return found;
        }

        foreach (var member in RootMembers)
        {
            bool match;
            if (member.NameIsEscaped)
            {
                var reader = new Utf8JsonReader(_json.Span[member.NameOffset..], ReaderOptions);
                reader.Read();
                match = reader.ValueTextEquals(utf8Name);
            }
            else
            {
                match = JsonBytes(member.NameOffset + 1, member.NameLength).SequenceEqual(utf8Name);
            }

            if (match)
            {
                found = member.ValueOffset;
            }
        }

        return found;
    }

    private JsonReaderOptions ReaderOptions => new() { MaxDepth = _plan.Options.MaxDepth };

    /// <summary>Returns the pooled buffers and disposes the request and the service scope; synchronous unless there is a
    /// scope to dispose (a handler that used no scoped service pays for no async step).</summary>
    public ValueTask DisposeAsync()
    {
        _json = default;
        _hasJson = false;
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
