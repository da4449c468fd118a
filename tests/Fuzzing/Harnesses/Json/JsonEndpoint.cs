using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

using Gateway.Routing;
using Gateway.Validation;

namespace Gateway.Fuzzing.Harnesses.Json;

/// <summary>What one exchange with a handler gave: the response, and the values the handler was called with (none when
/// binding failed).</summary>
internal sealed record JsonOutcome(int Status, string? ContentType, string Body, object?[]? Bound)
{
    /// <summary>Everything a client sees, for comparing two exchanges.</summary>
    public string Transcript => $"{Status} {ContentType}\n{Body}";
}

/// <summary>
/// A handler binding its JSON body as an application's does (<see cref="HandlerEndpoint.Create"/>, the endpoint
/// <c>MapPost</c> registers), run as a server runs it: an HTTP scope with <c>content-type: application/json</c> and the
/// body's <c>content-length</c>, the body handed over by <c>receive</c> in chunks of a chosen size, the response
/// collected from <c>send</c>. The handler answers with its bound values described as JSON (text/plain), so that two
/// exchanges can be compared, and hands them to the harness to check.
/// </summary>
internal sealed class JsonEndpoint
{
    /// <summary>The body limit: small, so that fuzzed bodies reach it.</summary>
    public const int MaxBodySize = 4096;

    // NaN and infinities are floating-point values a lax body may bind; the description must not fail on them.
    private static readonly JsonSerializerOptions DescribeOptions = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    // Where the handler puts what it was called with. A value set inside the app's async methods does not flow back to
    // the caller, so the caller sets a box and the handler fills it.
    private static readonly AsyncLocal<StrongBox<object?[]?>?> BoundValues = new();

    private readonly GatewayApp _app;

    private JsonEndpoint(Delegate handler, HandlerOptions options, bool embedded)
    {
        _app = HandlerEndpoint.Create(handler, options).App;
        Options = options;
        Embedded = embedded;
    }

    public HandlerOptions Options { get; }

    /// <summary>Whether the handler has two body parameters, each read from the body member named after it.</summary>
    public bool Embedded { get; }

    /// <summary>The handler for one configuration: lax or strict coercion, one body parameter or two (embedded), the
    /// default depth limit or a small one.</summary>
    public static JsonEndpoint Create(bool lax, bool embedded, bool shallow)
    {
        var options = new HandlerOptions
        {
            BodyCoercion = lax ? JsonCoercion.Lax : JsonCoercion.Strict,
            MaxBodySize = MaxBodySize,
            MaxDepth = shallow ? 5 : 32,
        };
        return embedded
            ? new JsonEndpoint((Func<FuzzOrder, FuzzNode, string>)((order, note) => Answer(order, note)), options, embedded: true)
            : new JsonEndpoint((Func<FuzzOrder, string>)(order => Answer(order)), options, embedded: false);
    }

    /// <summary>Posts <paramref name="body"/>, handed over in chunks of <paramref name="chunkSize"/> bytes.</summary>
    public JsonOutcome Post(ReadOnlyMemory<byte> body, int chunkSize)
    {
        var scope = new Scope
        {
            Type = ScopeType.Http,
            Method = "POST",
            Path = "/",
            RawPath = "/"u8.ToArray(),
            Headers = Headers.Create(
            [
                new Header("content-type", "application/json"),
                new Header("content-length", body.Length.ToString(CultureInfo.InvariantCulture)),
            ]),
        };

        var offset = 0;
        var complete = false;
        ValueTask<Message> Receive(CancellationToken cancellationToken)
        {
            if (complete)
            {
                return ValueTask.FromResult<Message>(HttpDisconnect.Instance);
            }

            var length = Math.Min(chunkSize, body.Length - offset);
            var chunk = body.Slice(offset, length);
            offset += length;
            complete = offset == body.Length;
            return ValueTask.FromResult<Message>(new HttpRequest(chunk, moreBody: !complete));
        }

        var status = 0;
        string? contentType = null;
        var response = new MemoryStream();
        ValueTask Send(Message message, CancellationToken cancellationToken)
        {
            switch (message)
            {
                case HttpResponseStart start:
                    status = start.Status;
                    contentType = start.Headers.TryGetValue("content-type"u8, out var value) ? Encoding.Latin1.GetString(value.Span) : null;
                    break;
                case HttpResponseBody chunk:
                    response.Write(chunk.Body.Span);
                    break;
                default:
                    throw new FuzzInvariantException($"the handler sent {message.GetType().Name}");
            }

            return ValueTask.CompletedTask;
        }

        var bound = new StrongBox<object?[]?>();
        BoundValues.Value = bound;
        try
        {
            _app(scope, Receive, Send).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            BoundValues.Value = null;
        }

        return new JsonOutcome(status, contentType, Encoding.UTF8.GetString(response.ToArray()), bound.Value);
    }

    private static string Answer(params object?[] bound)
    {
        BoundValues.Value!.Value = bound;
        return JsonSerializer.Serialize(bound, DescribeOptions);
    }
}
