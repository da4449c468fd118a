using System.Net;
using System.Text;

namespace Gateway.Testing.Tests;

public class AppFailureTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    [Fact]
    public async Task An_exception_before_the_start_is_rethrown_to_the_test()
    {
        var thrown = new TestAppException("before start");
        await using var client = new TestClient((_, _, _) => throw thrown);

        var failure = await Assert.ThrowsAsync<TestAppException>(() => client.GetAsync("/").WaitAsync(Timeout));

        Assert.Same(thrown, failure);
    }

    [Fact]
    public async Task An_exception_before_the_start_becomes_a_500_when_not_raised()
    {
        await using var client = new TestClient((_, _, _) => throw new TestAppException(), new TestClientOptions { RaiseAppExceptions = false });

        using var response = await client.GetAsync("/").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Internal Server Error", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_exception_after_the_start_is_rethrown_from_the_body_after_what_was_sent()
    {
        var thrown = new TestAppException("mid-body");
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("partial"u8.ToArray(), moreBody: true));
            throw thrown;
        };
        await using var client = new TestClient(app);

        Assert.Same(thrown, await Assert.ThrowsAsync<TestAppException>(() => client.GetAsync("/").WaitAsync(Timeout)));

        using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[100];
        Assert.Equal("partial", Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer)));
        Assert.Same(thrown, await Assert.ThrowsAsync<TestAppException>(() => stream.ReadAsync(buffer).AsTask().WaitAsync(Timeout)));
    }

    [Fact]
    public async Task An_exception_after_the_start_truncates_the_body_when_not_raised()
    {
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("partial"u8.ToArray(), moreBody: true));
            throw new TestAppException();
        };
        await using var client = new TestClient(app, new TestClientOptions { RaiseAppExceptions = false });

        using var response = await client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[100];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("partial", Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer)));
        var truncated = await Assert.ThrowsAsync<IOException>(() => stream.ReadAsync(buffer).AsTask().WaitAsync(Timeout));
        Assert.IsType<TestAppException>(truncated.InnerException);
    }

    [Fact]
    public async Task Work_after_the_response_finishes_before_the_body_ends_and_its_failure_is_raised()
    {
        var backgroundDone = false;
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("sent"u8.ToArray()));
            await Task.Yield();
            backgroundDone = true;
            throw new TestAppException("background task failed");
        };
        await using (var quiet = new TestClient(app, new TestClientOptions { RaiseAppExceptions = false }))
        {
            using var response = await quiet.GetAsync("/").WaitAsync(Timeout);
            Assert.Equal("sent", await response.Content.ReadAsStringAsync());
            Assert.True(backgroundDone);
        }

        await using var client = new TestClient(app);
        var failure = await Assert.ThrowsAsync<TestAppException>(() => client.GetAsync("/").WaitAsync(Timeout));
        Assert.Equal("background task failed", failure.Message);
    }
}