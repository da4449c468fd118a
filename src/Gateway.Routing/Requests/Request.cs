using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gateway.Routing;

/// <summary>
/// One HTTP request, as Starlette's <c>Request</c>: the scope and <see cref="Receive"/> of a request with the query,
/// cookies, body and form parsed lazily, once, within the router's limits. Handlers take it as a parameter; handler
/// binders read through the same instance, so a value is parsed one way whichever API reads it.
/// </summary>
/// <remarks>
/// <para>Not thread-safe; it lives as long as the request. The body is read once: after <see cref="ReadBodyAsync"/>,
/// <see cref="ReadJsonAsync{T}()"/> or <see cref="ReadFormAsync"/>, the others see the same bytes or form, and reading
/// the body directly through <see cref="Receive"/> is no longer possible.</para>
/// <para>The body is held in a pooled buffer that <see cref="Dispose"/> returns; the memory from
/// <see cref="ReadBodyAsync"/> is valid until then. A handler's request is disposed when the handler's response is done;
/// a request that is never disposed simply leaves its buffer to the garbage collector.</para>
/// </remarks>
public sealed class Request : IDisposable
{
    private readonly Router? _router;
    private readonly RouterOptions _options;
    private MultiValueMap? _query;
    private MultiValueMap? _cookies;
    private byte[]? _body;
    private int _bodyLength;
    private bool _bodyRead;
    private FormData? _form;

    /// <summary>Wraps a request.</summary>
    /// <param name="scope">The HTTP scope.</param>
    /// <param name="receive">The request's receive delegate.</param>
    /// <param name="router">The router that dispatched it, for <see cref="UrlFor(string)"/> and the router's limits and
    /// JSON options; null for the defaults of <see cref="RouterOptions"/>.</param>
    /// <param name="options">The limits and JSON options to read with, where they differ from the router's (a handler's
    /// own); null for the router's.</param>
    public Request(Scope scope, Receive receive, Router? router = null, RouterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(receive);
        Scope = scope;
        Receive = receive;
        _router = router;
        _options = options ?? router?.Options ?? RouterOptions.Default;
    }

    /// <summary>The scope.</summary>
    public Scope Scope { get; }

    /// <summary>The receive delegate (the body is read through it once).</summary>
    public Receive Receive { get; }

    /// <summary>The method, upper case.</summary>
    public string Method => Scope.Method;

    /// <summary>The path, percent-decoded, relative to <see cref="Scope.RootPath"/>.</summary>
    public string Path => Scope.Path;

    /// <summary>The values the route's template captured, converted (<c>{id:int}</c> gives an <see cref="int"/>).</summary>
    public PathParameters PathParameters => Scope.PathParameters;

    /// <summary>The request headers (raw bytes, names lower-case, in arrival order).</summary>
    public Headers Headers => Scope.Headers;

    /// <summary>The client's address, or null (a Unix socket peer, an in-process test).</summary>
    public EndPoint? Client => Scope.Client;

    /// <summary>The request's services (the scope's provider), or null.</summary>
    public IServiceProvider? Services => Scope.Services;

    /// <summary>Fires when the client goes away or the server aborts the request.</summary>
    public CancellationToken Aborted => Scope.Aborted;

    /// <summary>The query parameters, percent-decoded (<c>+</c> is a space); parsed on first use.</summary>
    /// <exception cref="HttpException">413 when the query has more pairs than <see cref="FormOptions.MaxFields"/>.</exception>
    public MultiValueMap Query => _query ??= UrlEncoding.ParseForm(Scope.QueryString.Span, _options.Form.MaxFields);

    /// <summary>The cookies, parsed on first use by the rule of <see cref="RequestCookies.Parse"/>.</summary>
    public MultiValueMap Cookies => _cookies ??= RequestCookies.Parse(Scope, _options.Form.MaxFields);

    /// <summary>The full URL the client asked for: scheme, the <c>host</c> header (or the server's address), root path,
    /// path and query.</summary>
    public Uri Url
    {
        get
        {
            var text = new StringBuilder();
            // BaseUrl already ends with the root path and '/'; Scope.Path is relative to the root path.
            text.Append(BaseUrl).Append(EscapePath(Scope.Path).AsSpan(1));
            if (!Scope.QueryString.IsEmpty)
            {
                text.Append('?').Append(Encoding.Latin1.GetString(Scope.QueryString.Span));
            }

            return new Uri(text.ToString());
        }
    }

    /// <summary>The URL of the app's root: scheme, host and <see cref="Scope.RootPath"/>, ending with <c>/</c>.</summary>
    public Uri BaseUrl
    {
        get
        {
            var host = Scope.Headers.GetValue("host") is { Length: > 0 } header ? header : Scope.Server switch
            {
                IPEndPoint ip => ip.ToString(),
                _ => "localhost",
            };
            var scheme = Scope.Scheme switch { "ws" => "http", "wss" => "https", var other => other };
            return new Uri(string.Concat(scheme, "://", host, EscapePath(Scope.RootPath + "/")));
        }
    }

    /// <summary>The content type's media type (without parameters, lower case), or null.</summary>
    public string? MediaType => RequestBody.GetMediaType(Scope);

    /// <summary>The path of a named route of the router that dispatched this request, with the root path in front, so
    /// it works under mounts: <c>request.UrlFor("user", new { id = 42 })</c>.</summary>
    /// <param name="name">The route name (<c>mount:route</c> for a mounted router's route).</param>
    /// <returns>The path.</returns>
    /// <exception cref="InvalidOperationException">The request was made without its router.</exception>
    public string UrlFor(string name) => Scope.RootPath + RouterOrThrow().UrlFor(name);

    /// <summary>The path of a named route from parameter values.</summary>
    /// <param name="name">The route name.</param>
    /// <param name="values">The values by parameter name.</param>
    /// <returns>The path, root path included.</returns>
    /// <exception cref="InvalidOperationException">The request was made without its router.</exception>
    public string UrlFor(string name, IReadOnlyDictionary<string, object?> values) => Scope.RootPath + RouterOrThrow().UrlFor(name, values);

    /// <summary>Reads the whole body (once; later calls return the same bytes). A declared <c>content-length</c> over the
    /// limit is refused before reading.</summary>
    /// <returns>The body; valid until the request is disposed.</returns>
    /// <exception cref="HttpException">413 when the body is larger than <see cref="RouterOptions.MaxBodySize"/>.</exception>
    /// <exception cref="ClientDisconnectedException">The client left before the body was complete.</exception>
    public async ValueTask<ReadOnlyMemory<byte>> ReadBodyAsync()
    {
        if (_bodyRead)
        {
            return _body.AsMemory(0, _bodyLength);
        }

        if (_form is not null)
        {
            throw new InvalidOperationException("The body was read as a form; its bytes are no longer available.");
        }

        (_body, _bodyLength) = await PooledBody.ReadAsync(Scope, Receive, _options.MaxBodySize, Scope.Aborted).ConfigureAwait(false);
        _bodyRead = true;
        return _body.AsMemory(0, _bodyLength);
    }

    /// <summary>Reads the body as JSON with the router's <see cref="RouterOptions.JsonOptions"/>.</summary>
    /// <typeparam name="T">The body type.</typeparam>
    /// <returns>The value (default for a JSON <c>null</c>).</returns>
    /// <exception cref="HttpException">413 when too large; 415 when the content type is not JSON; 400 when the body is
    /// not valid JSON for <typeparamref name="T"/>.</exception>
    public ValueTask<T?> ReadJsonAsync<T>() => ReadJsonAsync(JsonWriting.TypeInfo<T>(_options.JsonOptions));

    /// <summary>Reads the body as JSON with source-generated (or resolved) metadata.</summary>
    /// <typeparam name="T">The body type.</typeparam>
    /// <param name="typeInfo">The metadata.</param>
    /// <returns>The value.</returns>
    /// <exception cref="HttpException">413, 415 or 400, as <see cref="ReadJsonAsync{T}()"/>.</exception>
    public async ValueTask<T?> ReadJsonAsync<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (Scope.Headers.TryGetValue("content-type"u8, out var contentType) && !Routing.MediaTypes.IsJson(contentType.Span))
        {
            throw new HttpException(415, "The request body must be application/json.");
        }

        var body = await ReadBodyAsync().ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(body.Span, typeInfo);
        }
        catch (JsonException exception)
        {
            throw new HttpException(400, "The request body is not valid JSON for the expected type.", exception);
        }
    }

    /// <summary>Reads the form (<c>application/x-www-form-urlencoded</c> or <c>multipart/form-data</c>) once, within
    /// <see cref="RouterOptions.Form"/>'s limits.</summary>
    /// <returns>The form.</returns>
    /// <exception cref="HttpException">415 for another content type; 400 for a malformed body; 413 over a limit.</exception>
    public async ValueTask<FormData> ReadFormAsync()
    {
        if (_form is not null)
        {
            return _form;
        }

        if (_bodyRead)
        {
            throw new InvalidOperationException("The body was read as bytes; read the form first.");
        }

        _form = await RequestForm.ReadAsync(Scope, Receive, _options.Form, Scope.Aborted).ConfigureAwait(false);
        return _form;
    }

    /// <summary>Returns the pooled body buffer; memory from <see cref="ReadBodyAsync"/> is invalid afterwards.</summary>
    public void Dispose()
    {
        if (_body is { } body)
        {
            _body = null;
            _bodyLength = 0;
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>Takes over a body a handler's binders already read with <see cref="PooledBody"/> (and its pooled array,
    /// returned when this request is disposed).</summary>
    internal void SeedBody(byte[]? body, int length)
    {
        _body = body;
        _bodyLength = length;
        _bodyRead = true;
    }

    /// <summary>Hands over what a handler's binders already parsed with the same rules, so nothing is parsed twice.</summary>
    internal void Seed(MultiValueMap? query, MultiValueMap? cookies)
    {
        _query ??= query;
        _cookies ??= cookies;
    }

    /// <inheritdoc />
    public override string ToString() => string.Concat(Method, " ", Scope.RootPath, Path);

    private Router RouterOrThrow() =>
        _router ?? throw new InvalidOperationException("This request was made without its router; pass the router to the Request constructor to generate URLs.");

    private static string EscapePath(string path)
    {
        var text = new StringBuilder(path.Length + 8);
        foreach (var piece in path.Split('/'))
        {
            text.Append(Uri.EscapeDataString(piece)).Append('/');
        }

        text.Length--;
        return text.ToString();
    }
}