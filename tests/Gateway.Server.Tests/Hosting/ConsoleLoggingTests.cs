using System.Net;
using System.Text.RegularExpressions;

using Gateway.Server.Tests.Support;

namespace Gateway.Server.Tests.Hosting;

/// <summary>A server given no logger says where it listens and reports a crashed app on the console, as uvicorn does.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class ConsoleLoggingTests
{
    [Fact]
    public async Task A_bare_server_prints_where_it_listens_and_logs_a_crashed_handler_to_stderr()
    {
        using var console = new ConsoleCapture();
        await using var server = await HttpTestServer.StartAsync(Apps.Http((_, _, _) => throw new InvalidOperationException("the handler crashed")));
        var url = $"http://127.0.0.1:{((IPEndPoint)server.EndPoints[0]).Port}";

        using var client = server.CreateClient();
        var response = await client.GetAsync("/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains($"info: Gateway server listening on {url}\n", console.Stdout, StringComparison.Ordinal);
        Assert.True(await Eventually.HoldsAsync(() => console.Stderr.Contains("fail: Unhandled exception in the app while serving GET /boom", StringComparison.Ordinal)), console.Stderr);
        Assert.Contains("System.InvalidOperationException: the handler crashed", console.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("the handler crashed", console.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_logging_turned_off_prints_nothing()
    {
        using var console = new ConsoleCapture();
        await using var server = await HttpTestServer.StartAsync(
            Apps.Http((_, _, _) => throw new InvalidOperationException("quiet crash")), options => options.ConsoleLogging = false);
        var port = ((IPEndPoint)server.EndPoints[0]).Port;

        using var client = server.CreateClient();
        await client.GetAsync("/boom");
        await server.StopAsync();

        Assert.DoesNotContain($":{port}", console.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("quiet crash", console.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServeAsync_serves_on_the_port_from_the_command_line_prints_the_url_and_stops_when_cancelled()
    {
        using var console = new ConsoleCapture();
        using var stop = new CancellationTokenSource();
        var serving = GatewayServer.ServeAsync(Apps.Text("served"), ["--host", "127.0.0.1", "--port=0"], cancellationToken: stop.Token);

        string? url = null;
        Assert.True(await Eventually.HoldsAsync(() => (url = ListeningUrl().Match(console.Stdout) is { Success: true } match ? match.Groups[1].Value : null) is not null), console.Stdout);
        using var client = new HttpClient { Timeout = Timeouts.Default };
        var text = await client.GetStringAsync(new Uri(url + "/"));
        await stop.CancelAsync();
        await serving.WaitAsync(Timeouts.Default);

        Assert.Equal("served", text);
        Assert.Contains("info: Gateway server stopped", console.Stdout, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"info: Gateway server listening on (http://127\.0\.0\.1:[1-9][0-9]*)\n")]
    private static partial Regex ListeningUrl();
}