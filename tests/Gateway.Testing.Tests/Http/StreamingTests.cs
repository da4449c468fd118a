using System.Text;

namespace Gateway.Testing.Tests;

public class StreamingTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Fact]
    public async Task Response_is_returned_at_start_and_body_chunks_arrive_as_the_app_sends_them()
    {
        TaskCompletionSource[] gates = [new(), new(), new()];
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200, [new("content-type", "text/plain")]));
            for (var i = 0; i < gates.Length; i++)
            {
                await gates[i].Task.WaitAsync(Timeout);
                await send(new HttpResponseBody(Encoding.ASCII.GetBytes($"chunk{i};"), moreBody: true));
            }

            await send(HttpResponseBody.Empty);
        };
        await using var client = new TestClient(app);

        // Returned before the app has sent any body: the app is still waiting for the first gate.
        using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        for (var i = 0; i < gates.Length; i++)
        {
            gates[i].SetResult();
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(Timeout);
            Assert.Equal($"chunk{i};", Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.Equal(0, await stream.ReadAsync(buffer).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Send_waits_while_the_test_does_not_read()
    {
        var firstSendCompletedAtOnce = new TaskCompletionSource<bool>();
        var payload = Apps.RandomBytes(3000);
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            var pending = send(new HttpResponseBody(payload, moreBody: true));
            firstSendCompletedAtOnce.SetResult(pending.IsCompleted);
            await pending;
            await send(HttpResponseBody.Empty);
        };
        await using var client = new TestClient(app, new TestClientOptions { BodyBufferSize = 1024 });

        using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);

        Assert.False(await firstSendCompletedAtOnce.Task.WaitAsync(Timeout));
        Assert.Equal(payload, await response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_large_body_is_echoed_byte_for_byte_through_the_pipeline_adapters()
    {
        var payload = Apps.RandomBytes((1024 * 1024) + 12345);
        await using var client = new TestClient(Apps.Echo);

        using var content = new StreamContent(new MemoryStream(payload));
        using var response = await client.PostAsync("/echo", content).WaitAsync(Timeout);

        Assert.Equal(payload, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Request_body_arrives_in_bounded_chunks_ending_with_more_body_false()
    {
        var chunks = new List<(int Length, bool MoreBody)>();
        var received = new MemoryStream();
        GatewayApp app = async (_, receive, send) =>
        {
            while (true)
            {
                var request = Assert.IsType<HttpRequest>(await receive());
                chunks.Add((request.Body.Length, request.MoreBody));
                received.Write(request.Body.Span);
                if (!request.MoreBody)
                {
                    break;
                }
            }

            await send(new HttpResponseStart(204));
            await send(HttpResponseBody.Empty);
        };
        var payload = Apps.RandomBytes(10_000);
        await using var client = new TestClient(app, new TestClientOptions { MaxChunkSize = 1000 });

        using var response = await client.PostAsync("/", new ByteArrayContent(payload)).WaitAsync(Timeout);

        Assert.Equal(payload, received.ToArray());
        Assert.All(chunks, chunk => Assert.InRange(chunk.Length, 1, 1000));
        Assert.All(chunks[..^1], chunk => Assert.True(chunk.MoreBody));
        Assert.False(chunks[^1].MoreBody);
    }

    [Fact]
    public async Task Request_body_streams_to_the_app_while_the_test_is_still_writing_it()
    {
        var firstChunkSeen = new TaskCompletionSource();
        GatewayApp app = async (_, receive, send) =>
        {
            var body = new StringBuilder();
            HttpRequest request;
            do
            {
                request = Assert.IsType<HttpRequest>(await receive());
                body.Append(Encoding.ASCII.GetString(request.Body.Span));
                if (body.ToString() == "first;")
                {
                    firstChunkSeen.TrySetResult();
                }
            }
            while (request.MoreBody);

            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody(Encoding.ASCII.GetBytes(body.ToString())));
        };
        await using var client = new TestClient(app);

        // The content writes its second part only once the app has seen the first.
        using var content = new GatedContent("first;", firstChunkSeen.Task, "second");
        using var response = await client.PostAsync("/", content).WaitAsync(Timeout);

        Assert.Equal("first;second", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_request_without_content_receives_one_empty_final_chunk()
    {
        var first = new TaskCompletionSource<Message>();
        GatewayApp app = async (_, receive, send) =>
        {
            first.SetResult(await receive());
            await send(new HttpResponseStart(204));
            await send(HttpResponseBody.Empty);
        };
        await using var client = new TestClient(app);

        using var response = await client.GetAsync("/").WaitAsync(Timeout);

        Assert.Same(HttpRequest.Empty, await first.Task);
    }

    /// <summary>Writes its first part, waits for a signal, then writes its second part, with no length known in advance.</summary>
    private sealed class GatedContent(string first, Task gate, string second) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(first));
            await stream.FlushAsync();
            await gate.WaitAsync(Timeout);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(second));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}