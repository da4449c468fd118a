using System.Net;
using System.Text.Json;

using Microsoft.Extensions.Logging;

namespace Gateway.Routing.Tests.Middleware;

public class ErrorHandlingMiddlewareTests
{
    private static readonly TimeSpan Timeout = Apps.Timeout;

    private static GatewayApp Throwing(Exception exception) => (_, _, _) => throw exception;

    [Fact]
    public async Task An_unhandled_exception_becomes_a_500_problem_without_details_and_is_logged()
    {
        var logger = new RecordingLogger();
        var app = Throwing(new InvalidOperationException("secret connection string")).WithMiddleware(ErrorHandlingMiddleware.Create(new ErrorHandlingOptions { Logger = logger }));
        await using var client = new TestClient(app);

        using var response = await client.GetAsync("/").WaitAsync(Timeout);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(500, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Internal Server Error", problem.RootElement.GetProperty("title").GetString());
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.IsType<InvalidOperationException>(entry.Exception);
    }

    [Fact]
    public async Task Http_exceptions_become_their_status_with_detail_and_headers()
    {
        var app = Throwing(new HttpException(401, "Log in first.") { Headers = [new Header("www-authenticate", "Bearer")] })
            .WithMiddleware(ErrorHandlingMiddleware.Create());
        await using var client = new TestClient(app);

        using var response = await client.GetAsync("/").WaitAsync(Timeout);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Log in first.", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Handlers_by_type_take_derived_exceptions_and_handlers_by_status_take_http_exceptions()
    {
        var options = new ErrorHandlingOptions()
            .Handle<ArgumentException>((_, e) => new TextResponse("bad argument: " + e.ParamName, 422))
            .HandleStatus(404, (_, _) => new TextResponse("custom not found", 404));
        var router = new Router();
        router.MapGet("/arg", Throwing(new ArgumentNullException("name")));
        router.MapGet("/missing", Throwing(new HttpException(404)));
        var app = router.ToGatewayApp().WithMiddleware(ErrorHandlingMiddleware.Create(options));
        await using var client = new TestClient(app);

        using var argument = await client.GetAsync("/arg").WaitAsync(Timeout);
        using var missing = await client.GetAsync("/missing").WaitAsync(Timeout);

        Assert.Equal((HttpStatusCode)422, argument.StatusCode);
        Assert.Equal("bad argument: name", await argument.Content.ReadAsStringAsync());
        Assert.Equal("custom not found", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task After_the_response_started_the_exception_is_logged_and_rethrown_for_the_server_to_abort()
    {
        var logger = new RecordingLogger();
        GatewayApp app = async (_, _, send) =>
        {
            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("partial"u8.ToArray(), moreBody: true));
            throw new InvalidOperationException("late");
        };
        await using var client = new TestClient(app.WithMiddleware(ErrorHandlingMiddleware.Create(new ErrorHandlingOptions { Logger = logger })));

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await client.GetAsync("/").WaitAsync(Timeout);
            await response.Content.ReadAsByteArrayAsync();
        });

        Assert.Contains(logger.Entries, entry => entry.Exception is InvalidOperationException { Message: "late" });
    }

    [Fact]
    public async Task Multipart_limits_surface_as_413_problems_through_the_middleware()
    {
        GatewayApp app = async (scope, receive, send) =>
        {
            var form = await RequestForm.ReadAsync(scope, receive, new FormOptions { MaxFileSize = 4 });
            await new TextResponse(form.Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)).Invoke(scope, receive, send);
        };
        await using var client = new TestClient(app.WithMiddleware(ErrorHandlingMiddleware.Create()));
        using var content = new MultipartFormDataContent("xyz") { { new ByteArrayContent(new byte[10]), "file", "big.bin" } };

        using var response = await client.PostAsync("/", content).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, Exception? Exception, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, exception, formatter(state, exception)));
            }
        }
    }
}