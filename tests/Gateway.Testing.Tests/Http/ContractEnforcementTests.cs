using System.Net;
using System.Text;

namespace Gateway.Testing.Tests;

/// <summary>An app that breaks a rule of the contract must fail its test.</summary>
public class ContractEnforcementTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Fact]
    public async Task A_body_before_the_start_fails_the_request()
    {
        GatewayApp app = async (_, _, send) => await send(new HttpResponseBody("early"u8.ToArray()));
        await using var client = new TestClient(app);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/").WaitAsync(Timeout));

        Assert.Contains("before 'http.response.start'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_start_fails_the_request_after_the_response_was_returned()
    {
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            await send(new HttpResponseStart(500));
        };
        await using var client = new TestClient(app);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/").WaitAsync(Timeout));

        Assert.Contains("twice", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_after_the_response_is_complete_fails_the_request()
    {
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("done"u8.ToArray()));
            await send(new HttpResponseBody("more"u8.ToArray()));
        };
        await using var client = new TestClient(app);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/").WaitAsync(Timeout));

        Assert.Contains("after the response is complete", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_violation_the_app_swallows_still_fails_the_test()
    {
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            try
            {
                await send(new HttpResponseStart(200));
            }
            catch (InvalidOperationException)
            {
                // A careless app (or middleware) hides the error and carries on.
            }

            await send(HttpResponseBody.Empty);
        };
        await using var client = new TestClient(app);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/").WaitAsync(Timeout));

        Assert.Contains("twice", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_violation_is_not_raised_when_app_exceptions_are_not_raised()
    {
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            try
            {
                await send(new HttpResponseStart(200));
            }
            catch (InvalidOperationException)
            {
            }

            await send(new HttpResponseBody("ok"u8.ToArray()));
        };
        await using var client = new TestClient(app, new TestClientOptions { RaiseAppExceptions = false });

        using var response = await client.GetAsync("/").WaitAsync(Timeout);

        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_message_of_another_scope_type_fails_the_request()
    {
        GatewayApp app = async (_, _, send) => await send(WebSocketAccept.Default);
        await using var client = new TestClient(app);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/").WaitAsync(Timeout));

        Assert.Contains("not a message an app can send in an http scope", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trailers_fail_when_the_capability_is_not_offered()
    {
        GatewayApp app = async (_, _, send) => await send(new HttpResponseStart(200, trailers: true));
        await using var client = new TestClient(app, new TestClientOptions { OfferTrailers = false });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/").WaitAsync(Timeout));

        Assert.Contains("IHttpResponseTrailersCapability", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Early_hints_fail_when_the_capability_is_not_offered()
    {
        GatewayApp app = async (_, _, send) => await send(new HttpResponseEarlyHints([new("link", "</a.css>")]));
        await using var client = new TestClient(app, new TestClientOptions { OfferEarlyHints = false });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/").WaitAsync(Timeout));

        Assert.Contains("EarlyHints", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_body_fails_when_the_capability_is_not_offered()
    {
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            await send(new HttpResponseFile(typeof(ContractEnforcementTests).Assembly.Location));
        };
        await using var client = new TestClient(app, new TestClientOptions { OfferResponseFile = false });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/").WaitAsync(Timeout));

        Assert.Contains("ResponseFile", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Returning_without_starting_fails_the_request_or_becomes_a_500()
    {
        GatewayApp app = (_, _, _) => ValueTask.CompletedTask;
        await using (var raising = new TestClient(app))
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => raising.GetAsync("/").WaitAsync(Timeout));
            Assert.Contains("without sending 'http.response.start'", failure.Message, StringComparison.Ordinal);
        }

        await using var client = new TestClient(app, new TestClientOptions { RaiseAppExceptions = false });
        using var response = await client.GetAsync("/").WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task Returning_without_completing_fails_the_body_or_truncates_it()
    {
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("partial"u8.ToArray(), moreBody: true));
        };
        await using (var raising = new TestClient(app))
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => raising.GetAsync("/").WaitAsync(Timeout));
            Assert.Contains("before completing the response", failure.Message, StringComparison.Ordinal);
        }

        await using var client = new TestClient(app, new TestClientOptions { RaiseAppExceptions = false });
        using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[100];
        Assert.Equal("partial", Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer)));
        await Assert.ThrowsAsync<IOException>(() => stream.ReadAsync(buffer).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Announced_trailers_that_never_come_leave_the_response_incomplete()
    {
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200, trailers: true));
            await send(new HttpResponseBody("body"u8.ToArray()));
        };
        await using var client = new TestClient(app);

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/").WaitAsync(Timeout));
    }

    [Fact]
    public async Task Overlapping_receives_are_a_violation()
    {
        var overlap = new TaskCompletionSource<Exception>();
        GatewayApp app = async (_, receive, send) =>
        {
            Assert.IsType<HttpRequest>(await receive());
            var waitingForDisconnect = receive();
            overlap.SetResult(await Assert.ThrowsAsync<InvalidOperationException>(() => receive().AsTask()));
            await send(new HttpResponseStart(204));
            await send(HttpResponseBody.Empty);
            Assert.Same(HttpDisconnect.Instance, await waitingForDisconnect);
        };
        await using var client = new TestClient(app);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/").WaitAsync(Timeout));

        Assert.Same(await overlap.Task, failure);
        Assert.Contains("'receive' was called while another call to it had not completed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overlapping_sends_are_a_violation()
    {
        var overlap = new TaskCompletionSource<Exception>();
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            var waitingForTheReader = send(new HttpResponseBody(new byte[4096], moreBody: true));
            overlap.SetResult(await Assert.ThrowsAsync<InvalidOperationException>(() => send(HttpResponseBody.Empty).AsTask()));
            await waitingForTheReader;
            await send(HttpResponseBody.Empty);
        };
        await using var client = new TestClient(app, new TestClientOptions { BodyBufferSize = 1024 });

        using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);
        var failure = await overlap.Task.WaitAsync(Timeout);

        Assert.Contains("'send' was called while another call to it had not completed", failure.Message, StringComparison.Ordinal);
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => response.Content.ReadAsByteArrayAsync().WaitAsync(Timeout)));
    }

    [Theory]
    [InlineData("5", "hello!")]
    [InlineData("10", "hello")]
    public async Task A_body_that_does_not_match_its_content_length_fails_the_request(string contentLength, string body)
    {
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200, [new("content-length", contentLength)]));
            await send(new HttpResponseBody(Encoding.ASCII.GetBytes(body)));
        };
        await using var client = new TestClient(app);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/").WaitAsync(Timeout));

        Assert.Contains("content-length", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_send_that_exceeds_the_content_length_fails_at_once()
    {
        var failure = new TaskCompletionSource<Exception>();
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200, [new("content-length", "3")]));
            failure.SetResult(await Assert.ThrowsAsync<InvalidOperationException>(() => send(new HttpResponseBody("12345"u8.ToArray(), moreBody: true)).AsTask()));
        };
        await using var client = new TestClient(app, new TestClientOptions { RaiseAppExceptions = false });

        using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);

        Assert.Contains("longer than the 'content-length: 3'", (await failure.Task.WaitAsync(Timeout)).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IOException>(async () => await (await response.Content.ReadAsStreamAsync()).ReadAsync(new byte[10]).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task An_invalid_content_length_fails_the_request()
    {
        GatewayApp app = async (_, _, send) => await send(new HttpResponseStart(200, [new("content-length", "ten")]));
        await using var client = new TestClient(app);

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/").WaitAsync(Timeout));
    }

    [Fact]
    public async Task Send_after_the_app_returned_is_a_violation()
    {
        Send? leaked = null;
        GatewayApp app = async (_, _, send) =>
        {
            leaked = send;
            await send(new HttpResponseStart(204));
            await send(HttpResponseBody.Empty);
        };
        await using var client = new TestClient(app);
        using var response = await client.GetAsync("/").WaitAsync(Timeout);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => leaked!(HttpResponseBody.Empty).AsTask());

        Assert.Contains("the app has returned", failure.Message, StringComparison.Ordinal);
    }
}