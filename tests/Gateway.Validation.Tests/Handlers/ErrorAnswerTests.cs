using System.Net;

using Gateway.Routing;
using Gateway.Testing;
using Gateway.Validation.Tests.Support;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Validation.Tests.Handlers;

/// <summary>A handler's exception is a problem, as the router's 404: an <see cref="HttpException"/> its status, anything
/// else a 500 that reveals nothing and is logged (the router's logger factory, else the scope's services', else
/// standard error).</summary>
[Collection(StandardErrorCollection.Name)]
public class ErrorAnswerTests
{
    [Fact]
    public async Task An_exception_is_a_500_problem_and_is_logged_to_the_routers_logger_factory()
    {
        using var logs = new CapturingLoggerProvider();
        using var factory = logs.CreateFactory();
        var router = new Router(new RouterOptions { LoggerFactory = factory });
        router.MapGet("/boom", string () => throw new InvalidOperationException("secret-detail-1"));
        await using var client = new TestClient(router, new TestClientOptions { RaiseAppExceptions = false });

        var response = await client.GetAsync("/boom").WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"type":"about:blank","title":"Internal Server Error","status":500}""", await response.Content.ReadAsStringAsync());
        var entry = Assert.Single(logs.Entries, e => e.Exception is InvalidOperationException { Message: "secret-detail-1" });
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("/boom", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_async_exception_is_logged_to_the_scope_services_logger_factory_without_a_router_one()
    {
        using var logs = new CapturingLoggerProvider();
        await using var services = new ServiceCollection().AddLogging(b => b.AddProvider(logs)).BuildServiceProvider();
        await using var client = Api.Client(
            r => r.MapGet("/boom", async Task<int> () =>
            {
                await Task.Yield();
                throw new FormatException("secret-detail-2");
            }),
            new TestClientOptions { Services = services, RaiseAppExceptions = false });

        var response = await client.GetAsync("/boom").WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("secret-detail-2", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(logs.Entries, e => e.Exception is FormatException { Message: "secret-detail-2" } && e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task Without_any_logger_the_exception_goes_to_standard_error()
    {
        var original = Console.Error;
        using var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            await using var client = Api.Client(r => r.MapGet("/boom", void () => throw new InvalidOperationException("secret-detail-3")), new TestClientOptions { RaiseAppExceptions = false });

            var response = await client.GetAsync("/boom").WaitAsync(Api.Timeout);

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Contains("secret-detail-3", captured.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_exception_is_its_status_problem_with_its_detail_and_headers_and_is_not_logged_as_an_error()
    {
        using var logs = new CapturingLoggerProvider();
        using var factory = logs.CreateFactory();
        var router = new Router(new RouterOptions { LoggerFactory = factory });
        router.MapGet("/gone", string () => throw new HttpException(410, "It left."));
        router.MapGet("/limited", string () => throw new HttpException(429) { Headers = [new Header("retry-after", "5")] });
        await using var client = new TestClient(router);

        var gone = await client.GetAsync("/gone").WaitAsync(Api.Timeout);
        var limited = await client.GetAsync("/limited").WaitAsync(Api.Timeout);

        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"type":"about:blank","title":"Gone","status":410,"detail":"It left."}""", await gone.Content.ReadAsStringAsync());
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.Equal("5", limited.Headers.GetValues("retry-after").Single());
        Assert.Equal("Too Many Requests", (await limited.JsonAsync()).GetProperty("title").GetString());
        Assert.Empty(logs.Entries);
    }

    [Fact]
    public async Task An_exception_after_the_response_started_is_logged_and_the_response_aborted()
    {
        using var logs = new CapturingLoggerProvider();
        using var factory = logs.CreateFactory();
        var router = new Router(new RouterOptions { LoggerFactory = factory });
        router.MapGet("/half", async Task (Send send) =>
        {
            await send(new HttpResponseStart(200, [new Header("content-type", "text/plain")]));
            await send(new HttpResponseBody("part"u8.ToArray(), moreBody: true));
            throw new InvalidOperationException("secret-detail-4");
        });
        await using var client = new TestClient(router, new TestClientOptions { RaiseAppExceptions = false });

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await client.GetAsync("/half").WaitAsync(Api.Timeout);
            await response.Content.ReadAsStringAsync().WaitAsync(Api.Timeout);
        });

        Assert.Contains(logs.Entries, e => e.Exception is InvalidOperationException { Message: "secret-detail-4" } && e.Level == LogLevel.Error);
    }
}

/// <summary>Tests that replace <see cref="Console.Error"/> run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StandardErrorCollection
{
    public const string Name = "standard error";
}