using System.Security.Cryptography;
using System.Text;

namespace Gateway.Conformance;

/// <summary>
/// The contract's rules, as every server must keep them: one suite, compiled into the test project of each server
/// (tests/Shared/Conformance), each deriving from it with <see cref="StartAsync"/> for its own host. An app that runs on
/// one passes on all: that is what "server-agnostic" means.
/// </summary>
public abstract class ContractConformanceTests
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Starts <paramref name="app"/> on the server under test.</summary>
    protected abstract Task<IContractHost> StartAsync(GatewayApp app);

    private static GatewayApp Http(Func<Scope, Receive, Send, ValueTask> handler) => (scope, receive, send) =>
        scope.Type == ScopeType.Http ? handler(scope, receive, send) : ValueTask.CompletedTask;

    private static async ValueTask RespondAsync(Send send, string text, int status = 200)
    {
        await send(new HttpResponseStart(status, [new("content-type", "text/plain; charset=utf-8")]));
        await send(new HttpResponseBody(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public async Task The_scope_describes_the_request_with_a_decoded_path_raw_bytes_and_lower_case_header_names()
    {
        var seen = new TaskCompletionSource<Scope>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartAsync(Http(async (scope, _, send) =>
        {
            seen.TrySetResult(scope);
            await RespondAsync(send, "ok");
        }));
        using var request = new HttpRequestMessage(HttpMethod.Put, "/caf%C3%A9/items?x=1&y=a%20b");
        request.Headers.TryAddWithoutValidation("X-Custom", "One");
        request.Content = new StringContent("body");

        using var response = await host.Client.SendAsync(request).WaitAsync(Timeout);
        var scope = await seen.Task.WaitAsync(Timeout);

        Assert.Equal(ScopeType.Http, scope.Type);
        Assert.Equal("PUT", scope.Method);
        Assert.Equal("http", scope.Scheme);
        Assert.Equal("/café/items", scope.Path);
        Assert.Equal("/caf%C3%A9/items", Encoding.Latin1.GetString(scope.RawPath.Span));
        Assert.Equal("x=1&y=a%20b", Encoding.Latin1.GetString(scope.QueryString.Span));
        Assert.Equal("One", scope.Headers.GetValue("x-custom"));
        Assert.True(scope.Headers.Contains("host"));
        Assert.All(scope.Headers, header => Assert.Equal(header.NameString.ToLowerInvariant(), header.NameString));
        Assert.False(scope.Aborted.IsCancellationRequested);
    }

    [Fact]
    public async Task A_large_request_body_arrives_whole_through_receive_in_chunks()
    {
        var body = RandomNumberGenerator.GetBytes(300_000);
        await using var host = await StartAsync(Http(async (_, receive, send) =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            while (await receive() is HttpRequest chunk)
            {
                hash.AppendData(chunk.Body.Span);
                length += chunk.Body.Length;
                if (!chunk.MoreBody)
                {
                    break;
                }
            }

            await RespondAsync(send, $"{length}:{Convert.ToHexString(hash.GetHashAndReset())}");
        }));

        using var response = await host.Client.PostAsync("/upload", new ByteArrayContent(body)).WaitAsync(Timeout);

        Assert.Equal($"{body.Length}:{Convert.ToHexString(SHA256.HashData(body))}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_response_streamed_in_chunks_arrives_in_order_with_its_status_and_headers()
    {
        await using var host = await StartAsync(Http(async (_, _, send) =>
        {
            await send(new HttpResponseStart(201, [new("content-type", "text/plain"), new("x-gateway", "yes"), new("set-cookie", "a=1"), new("set-cookie", "b=2")]));
            foreach (var part in new[] { "one ", "two ", "three" })
            {
                await send(new HttpResponseBody(Encoding.UTF8.GetBytes(part), moreBody: true));
            }

            await send(HttpResponseBody.Empty);
        }));

        using var response = await host.Client.GetAsync("/stream").WaitAsync(Timeout);

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("one two three", await response.Content.ReadAsStringAsync());
        Assert.Equal(["yes"], response.Headers.GetValues("x-gateway"));
        Assert.Equal(["a=1", "b=2"], response.Headers.GetValues("set-cookie"));
    }

    [Fact]
    public async Task An_exception_before_the_response_started_becomes_a_500()
    {
        await using var host = await StartAsync(Http((_, _, _) => throw new InvalidOperationException("secret detail")));

        using var response = await host.Client.GetAsync("/boom").WaitAsync(Timeout);

        Assert.Equal(500, (int)response.StatusCode);
        Assert.DoesNotContain("secret detail", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_that_returns_without_a_response_gets_a_500()
    {
        await using var host = await StartAsync(Http((_, _, _) => ValueTask.CompletedTask));

        using var response = await host.Client.GetAsync("/nothing").WaitAsync(Timeout);

        Assert.Equal(500, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_message_out_of_order_throws_InvalidOperationException_from_send_and_the_response_can_still_be_given()
    {
        await using var host = await StartAsync(Http(async (_, _, send) =>
        {
            string problem;
            try
            {
                await send(new HttpResponseBody("early"u8.ToArray()));
                problem = "no exception";
            }
            catch (InvalidOperationException exception)
            {
                problem = exception.Message;
            }

            await RespondAsync(send, problem);
        }));

        using var response = await host.Client.GetAsync("/").WaitAsync(Timeout);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("before 'http.response.start'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_response_receive_returns_http_disconnect_and_send_is_refused()
    {
        var after = new TaskCompletionSource<(Message Received, string Refusal)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartAsync(Http(async (_, receive, send) =>
        {
            while (await receive() is HttpRequest { MoreBody: true })
            {
            }

            await RespondAsync(send, "done");
            var received = await receive().AsTask().WaitAsync(Timeout);
            var refusal = "no exception";
            try
            {
                await send(new HttpResponseBody("more"u8.ToArray()));
            }
            catch (InvalidOperationException exception)
            {
                refusal = exception.Message;
            }

            after.TrySetResult((received, refusal));
        }));

        using var response = await host.Client.GetAsync("/").WaitAsync(Timeout);
        var text = await response.Content.ReadAsStringAsync();
        var (message, problem) = await after.Task.WaitAsync(Timeout);

        Assert.Equal("done", text);
        Assert.IsType<HttpDisconnect>(message);
        Assert.Contains("after the response is complete", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_without_a_body_completes_with_an_empty_final_chunk()
    {
        await using var host = await StartAsync(Http(async (_, _, send) =>
        {
            await send(new HttpResponseStart(204));
            await send(HttpResponseBody.Empty);
        }));

        using var response = await host.Client.DeleteAsync("/item").WaitAsync(Timeout);

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}