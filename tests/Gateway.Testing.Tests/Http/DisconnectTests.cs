using System.Net;

namespace Gateway.Testing.Tests;

/// <summary>The client going away: what the app sees (Aborted, http.disconnect, ClientDisconnectedException).</summary>
public class DisconnectTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Fact]
    public async Task Cancelling_the_request_fires_aborted_and_receive_returns_disconnect_then_send_fails()
    {
        var aborted = new TaskCompletionSource();
        var waiting = new TaskCompletionSource();
        var afterCancel = new TaskCompletionSource<(Message Received, Exception SendFailure)>();
        GatewayApp app = async (scope, receive, send) =>
        {
            scope.Aborted.Register(() => aborted.TrySetResult());
            Assert.IsType<HttpRequest>(await receive());
            waiting.SetResult();
            var received = await receive();
            var sendFailure = await Assert.ThrowsAsync<ClientDisconnectedException>(() => send(new HttpResponseStart(200)).AsTask());
            afterCancel.SetResult((received, sendFailure));
        };
        await using var client = new TestClient(app);
        using var cancel = new CancellationTokenSource();

        var request = client.GetAsync("/", cancel.Token);
        await waiting.Task.WaitAsync(Timeout);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(Timeout));
        await aborted.Task.WaitAsync(Timeout);
        var (received, sendFailure) = await afterCancel.Task.WaitAsync(Timeout);
        Assert.Same(HttpDisconnect.Instance, received);
        Assert.IsType<ClientDisconnectedException>(sendFailure);
    }

    [Fact]
    public async Task Disposing_the_response_before_the_end_fires_aborted_and_send_fails()
    {
        var aborted = new TaskCompletionSource();
        var nextSend = new TaskCompletionSource<Exception?>();
        GatewayApp app = async (scope, _, send) =>
        {
            scope.Aborted.Register(() => aborted.TrySetResult());
            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("first"u8.ToArray(), moreBody: true));
            await aborted.Task.WaitAsync(Timeout);
            try
            {
                await send(new HttpResponseBody("second"u8.ToArray(), moreBody: true));
                nextSend.SetResult(null);
            }
            catch (ClientDisconnectedException exception)
            {
                nextSend.SetResult(exception);
                throw;
            }
        };
        await using var client = new TestClient(app);

        var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);
        var stream = await response.Content.ReadAsStreamAsync();
        Assert.Equal(5, await stream.ReadAsync(new byte[5]));
        response.Dispose();

        await aborted.Task.WaitAsync(Timeout);
        Assert.IsType<ClientDisconnectedException>(await nextSend.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_send_waiting_for_the_reader_fails_when_the_response_is_disposed()
    {
        var sendFailure = new TaskCompletionSource<Exception>();
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            try
            {
                await send(new HttpResponseBody(new byte[100_000], moreBody: true));
            }
            catch (ClientDisconnectedException exception)
            {
                sendFailure.SetResult(exception);
            }
        };
        await using var client = new TestClient(app, new TestClientOptions { BodyBufferSize = 1024 });

        var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);
        response.Dispose();

        Assert.IsType<ClientDisconnectedException>(await sendFailure.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Receive_returns_disconnect_once_the_response_is_complete_and_every_time_after()
    {
        var afterResponse = new List<Message>();
        GatewayApp app = async (_, receive, send) =>
        {
            Assert.Same(HttpRequest.Empty, await receive());
            var listening = receive();
            Assert.False(listening.IsCompleted);
            await send(new HttpResponseStart(204));
            await send(HttpResponseBody.Empty);
            afterResponse.Add(await listening);
            afterResponse.Add(await receive());
        };
        await using var client = new TestClient(app);

        using var response = await client.GetAsync("/").WaitAsync(Timeout);

        Assert.Equal([HttpDisconnect.Instance, HttpDisconnect.Instance], afterResponse);
    }

    [Fact]
    public async Task The_client_timeout_aborts_the_request()
    {
        var aborted = new TaskCompletionSource();
        GatewayApp app = async (scope, _, _) =>
        {
            scope.Aborted.Register(() => aborted.TrySetResult());
            await aborted.Task.WaitAsync(Timeout);
        };
        await using var client = new TestClient(app, new TestClientOptions { Timeout = TimeSpan.FromMilliseconds(200) });

        var failure = await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync("/").WaitAsync(Timeout));

        Assert.IsType<TimeoutException>(failure.InnerException);
        await aborted.Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Cancelling_a_body_read_aborts_the_request()
    {
        var aborted = new TaskCompletionSource();
        GatewayApp app = async (scope, _, send) =>
        {
            scope.Aborted.Register(() => aborted.TrySetResult());
            await send(new HttpResponseStart(200));
            await aborted.Task.WaitAsync(Timeout);
        };
        await using var client = new TestClient(app);
        using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);
        var stream = await response.Content.ReadAsStreamAsync();
        using var cancel = new CancellationTokenSource();

        var read = stream.ReadAsync(new byte[10], cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Timeout));
        await aborted.Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Disposing_the_client_aborts_what_is_still_running()
    {
        var started = new TaskCompletionSource();
        var aborted = new TaskCompletionSource();
        GatewayApp app = async (scope, _, _) =>
        {
            scope.Aborted.Register(() => aborted.TrySetResult());
            started.SetResult();
            await aborted.Task.WaitAsync(Timeout);
        };
        var client = new TestClient(app);

        var request = client.GetAsync("/");
        await started.Task.WaitAsync(Timeout);
        await client.DisposeAsync();

        await aborted.Task.WaitAsync(Timeout);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(Timeout));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetAsync("/"));
    }

    [Fact]
    public async Task Request_content_that_fails_fails_the_request_and_the_app_sees_the_client_leave()
    {
        var received = new TaskCompletionSource<Message>();
        GatewayApp app = async (_, receive, _) =>
        {
            // The part written before the failure may arrive first.
            Message message;
            do
            {
                message = await receive();
            }
            while (message is HttpRequest { MoreBody: true });

            received.SetResult(message);
        };
        await using var client = new TestClient(app);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("/", new FailingContent()).WaitAsync(Timeout));

        Assert.IsType<TestAppException>(failure.InnerException);
        Assert.Same(HttpDisconnect.Instance, await received.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Send_after_the_client_left_fails_the_same_way_for_an_app_bug()
    {
        // The validator runs first: a wrong message is reported as a bug even when nobody is listening.
        var failure = new TaskCompletionSource<Exception>();
        var waiting = new TaskCompletionSource();
        GatewayApp app = async (_, receive, send) =>
        {
            await receive();
            waiting.SetResult();
            await receive();
            failure.SetResult(await Assert.ThrowsAnyAsync<Exception>(() => send(HttpResponseBody.Empty).AsTask()));
        };
        await using var client = new TestClient(app);
        using var cancel = new CancellationTokenSource();

        var request = client.GetAsync("/", cancel.Token);
        await waiting.Task.WaitAsync(Timeout);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(Timeout));

        Assert.IsType<InvalidOperationException>(await failure.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Request_content_shorter_than_its_length_fails_the_request_and_the_app_sees_the_client_leave()
    {
        var received = new TaskCompletionSource<Message>();
        GatewayApp app = async (_, receive, _) =>
        {
            Message message;
            do
            {
                message = await receive();
            }
            while (message is HttpRequest { MoreBody: true });

            received.SetResult(message);
        };
        await using var client = new TestClient(app);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("/", new ShortContent()).WaitAsync(Timeout));

        Assert.Contains("before its declared content-length of 10", failure.Message, StringComparison.Ordinal);
        Assert.Same(HttpDisconnect.Instance, await received.Task.WaitAsync(Timeout));
    }

    /// <summary>Declares ten bytes and sends five.</summary>
    private sealed class ShortContent : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync("12345"u8.ToArray()).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 10;
            return true;
        }
    }

    private sealed class FailingContent : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("start"u8.ToArray());
            throw new TestAppException("content failed");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}