using System.Globalization;
using System.Text;

namespace Gateway.Routing;

/// <summary>
/// A <c>text/event-stream</c> response: each event is written and sent as soon as the sequence yields it, with
/// <c>cache-control: no-cache</c>. Compression middleware leaves this content type alone so events are not held back.
/// </summary>
public sealed class ServerSentEventsResponse : Response
{
    private readonly IAsyncEnumerable<ServerSentEvent> _events;

    /// <summary>Creates the response.</summary>
    /// <param name="events">The events; enumeration stops when the client leaves (through <see cref="Scope.Aborted"/>).</param>
    /// <param name="headers">Extra headers, or null.</param>
    public ServerSentEventsResponse(IAsyncEnumerable<ServerSentEvent> events, IReadOnlyList<Header>? headers = null)
        : base(200, headers)
    {
        ArgumentNullException.ThrowIfNull(events);
        _events = events;
    }

    /// <summary>Formats one event, ending with the blank line that dispatches it.</summary>
    /// <param name="item">The event.</param>
    /// <returns>The UTF-8 text.</returns>
    /// <exception cref="ArgumentException">The event type or id contains a line break.</exception>
    public static byte[] Format(ServerSentEvent item)
    {
        var text = new StringBuilder();
        if (item.EventType is { } type)
        {
            text.Append("event: ").Append(CheckSingleLine(type, nameof(item))).Append('\n');
        }

        if (item.Id is { } id)
        {
            text.Append("id: ").Append(CheckSingleLine(id, nameof(item))).Append('\n');
        }

        if (item.Retry is { } retry)
        {
            text.Append("retry: ").Append(((long)retry.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        foreach (var line in (item.Data ?? string.Empty).ReplaceLineEndings("\n").Split('\n'))
        {
            text.Append("data: ").Append(line).Append('\n');
        }

        text.Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <inheritdoc />
    public override async ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(send);
        var cancellation = scope.Aborted;
        await send(new HttpResponseStart(200, BuildHeaders("text/event-stream; charset=utf-8", null, new Header("cache-control", "no-cache"))), cancellation).ConfigureAwait(false);
        await foreach (var item in _events.WithCancellation(cancellation).ConfigureAwait(false))
        {
            await send(new HttpResponseBody(Format(item), moreBody: true), cancellation).ConfigureAwait(false);
        }

        await send(HttpResponseBody.Empty, cancellation).ConfigureAwait(false);
    }

    private static string CheckSingleLine(string value, string paramName) =>
        value.AsSpan().IndexOfAny('\r', '\n') >= 0 ? throw new ArgumentException("Event types and ids cannot contain line breaks.", paramName) : value;
}