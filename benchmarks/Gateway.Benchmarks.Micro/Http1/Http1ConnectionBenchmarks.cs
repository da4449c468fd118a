using System.Buffers;
using System.IO.Pipelines;
using System.Text;

using BenchmarkDotNet.Attributes;

using Gateway.Server;
using Gateway.Server.Transport;

namespace Gateway.Benchmarks.Micro.Http1;

/// <summary>
/// One request and its whole response over a kept-alive in-memory connection: the server's full per-request path
/// (transport pipes, parser, connection state machine, app, response writer), without sockets. Its allocation column is
/// what every request costs the server; the app itself allocates nothing.
/// </summary>
/// <remarks>There is no Kestrel baseline: Kestrel's in-memory transport is internal to its test suite.</remarks>
[MemoryDiagnoser]
public class Http1ConnectionBenchmarks : IDisposable
{
    private static readonly HttpResponseStart TextStart = new(200, [new("content-type", "text/plain")]);
    private static readonly HttpResponseStart OctetStart = new(200, [new("content-type", "application/octet-stream")]);
    private static readonly HttpResponseBody HelloBody = new("Hello, World!"u8.ToArray());

    private InMemoryTransport _transport = null!;
    private GatewayServer _server = null!;
    private InMemoryClient _client = null!;
    private byte[] _request = null!;
    private int _responseLength;

    /// <summary>The request: <c>plaintext</c> (a GET answered with 13 bytes) or <c>echo-4k</c> (a 4 KiB POST body
    /// streamed back).</summary>
    [Params("plaintext", "echo-4k")]
    public string Request { get; set; } = "plaintext";

    [GlobalSetup]
    public void Setup()
    {
        _transport = new InMemoryTransport();
        _server = new GatewayServer(App, new GatewayServerOptions(), null, null, Gateway.Server.Connection.Http1.Http1Connection.Create, (_, _) => [_transport]);
        _server.StartAsync().GetAwaiter().GetResult();
        _client = _transport.ConnectAsync().AsTask().GetAwaiter().GetResult();
        _request = Request == "plaintext"
            ? "GET /plaintext HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray()
            : [.. "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\nContent-Length: 4096\r\n\r\n"u8, .. new byte[4096]];

        // The first response fixes the length every later one has (the date header has a fixed width).
        _client.Output.WriteAsync(_request).AsTask().GetAwaiter().GetResult();
        _responseLength = ReadFirstResponseAsync().GetAwaiter().GetResult();
        if (RoundTrip().GetAwaiter().GetResult() != _responseLength)
        {
            throw new InvalidOperationException("The responses differ in length.");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _client.CloseOutputAsync().AsTask().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _transport.DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public Task<int> RoundTrip()
    {
        var write = _client.Output.WriteAsync(_request);
        return write.IsCompletedSuccessfully ? ReadResponseAsync() : WriteThenReadAsync(write);
    }

    private async Task<int> WriteThenReadAsync(ValueTask<FlushResult> write)
    {
        await write.ConfigureAwait(false);
        return await ReadResponseAsync().ConfigureAwait(false);
    }

    private async Task<int> ReadResponseAsync()
    {
        var result = await _client.Input.ReadAtLeastAsync(_responseLength).ConfigureAwait(false);
        var length = (int)result.Buffer.Length;
        _client.Input.AdvanceTo(result.Buffer.GetPosition(_responseLength));
        return length;
    }

    /// <summary>Reads one whole response of unknown length (from its content-length) and returns its size.</summary>
    private async Task<int> ReadFirstResponseAsync()
    {
        while (true)
        {
            var result = await _client.Input.ReadAsync().ConfigureAwait(false);
            var text = Encoding.Latin1.GetString(result.Buffer.ToArray());
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0)
            {
                var lengthStart = text.IndexOf("content-length: ", StringComparison.OrdinalIgnoreCase) + "content-length: ".Length;
                var bodyLength = int.Parse(text.AsSpan(lengthStart, text.IndexOf('\r', lengthStart) - lengthStart), System.Globalization.CultureInfo.InvariantCulture);
                var total = headEnd + 4 + bodyLength;
                if (result.Buffer.Length >= total)
                {
                    _client.Input.AdvanceTo(result.Buffer.GetPosition(total));
                    return total;
                }
            }

            _client.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static async ValueTask App(Scope scope, Receive receive, Send send)
    {
        if (scope.Type != ScopeType.Http)
        {
            return;
        }

        if (scope.Method == "GET")
        {
            await send(TextStart).ConfigureAwait(false);
            await send(HelloBody).ConfigureAwait(false);
            return;
        }

        var started = false;
        while (await receive().ConfigureAwait(false) is HttpRequest chunk)
        {
            if (!started)
            {
                await send(OctetStart).ConfigureAwait(false);
                started = true;
            }

            if (!chunk.MoreBody)
            {
                await send(new HttpResponseBody(chunk.Body)).ConfigureAwait(false);
                return;
            }

            await send(new HttpResponseBody(chunk.Body, moreBody: true)).ConfigureAwait(false);
        }
    }
}