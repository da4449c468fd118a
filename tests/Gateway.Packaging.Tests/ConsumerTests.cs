using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace Gateway.Packaging.Tests;

/// <summary>A fresh console project installs the packages by version from the folder feed — no project references —
/// builds the README's example with its usings only, runs, and answers HTTP and WebSocket over a real socket.</summary>
[Collection(PackagingCollection.Name)]
public sealed class ConsumerTests(PackedFeed feed)
{
    [Fact]
    public async Task A_fresh_project_installs_the_packages_by_version_builds_runs_and_serves()
    {
        var project = Path.Combine(feed.Root, "consumer");
        Directory.CreateDirectory(project);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Consumer")))
        {
            File.Copy(file, Path.Combine(project, Path.GetFileName(file)));
        }

        // The folder feed beside the machine's usual sources (inherited, not cleared: a CI machine may reach NuGet through
        // its own configured feed). Only the folder has this run's unique version of the Gateway packages.
        await File.WriteAllTextAsync(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed.Feed}" />
              </packageSources>
            </configuration>
            """);

        var (exitCode, output) = await DotNet.RunAsync(
            project, PackedFeed.CommandTimeout, "build", "-c", "Release", $"-p:GatewayVersion={feed.Version}");
        Assert.True(exitCode == 0, $"the consumer did not build:\n{output}");
        Assert.Contains($"Gateway.Server.{feed.Version}", string.Join('\n', Directory.GetFiles(project, "*.json", SearchOption.AllDirectories)
            .Where(path => path.EndsWith("project.assets.json", StringComparison.Ordinal)).Select(File.ReadAllText)).Replace('/', '.'),
            StringComparison.OrdinalIgnoreCase);

        var port = FreePort();
        using var consumer = DotNet.Start(project, Path.Combine("bin", "Release", "net10.0", "Consumer.dll"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var log = new System.Text.StringBuilder();
        consumer.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        consumer.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        consumer.BeginOutputReadLine();
        consumer.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var response = await GetWhenListeningAsync(client, new Uri($"http://127.0.0.1:{port}/"), consumer, log);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Hello", await response.Content.ReadAsStringAsync());
            var missing = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/nowhere"));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
            using var valid = new StringContent("""{"name":"tea","price":5}""", System.Text.Encoding.UTF8, "application/json");
            var created = await client.PostAsync(new Uri($"http://127.0.0.1:{port}/items"), valid);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("""{"name":"tea","price":5}""", await created.Content.ReadAsStringAsync());
            using var invalid = new StringContent("""{"name":"tea","price":5000}""", System.Text.Encoding.UTF8, "application/json");
            var rejected = await client.PostAsync(new Uri($"http://127.0.0.1:{port}/items"), invalid);
            Assert.Equal(422, (int)rejected.StatusCode);
            Assert.Contains("\"loc\":[\"body\",\"price\"]", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal("""{"id":5,"query":"a b"}""", await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/items/5?q=a+b")));
            Assert.Contains("\"201\"", await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/openapi.json")), StringComparison.Ordinal);
            Assert.Equal("echo", await EchoAsync(new Uri($"ws://127.0.0.1:{port}/echo"), "echo"));
            lock (log)
            {
                Assert.Contains($"info: Gateway server listening on http://127.0.0.1:{port}", log.ToString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            Stop(consumer);
        }
    }

    private static async Task<string> EchoAsync(Uri uri, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(uri, timeout.Token);
        await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count);
    }

    private static async Task<HttpResponseMessage> GetWhenListeningAsync(HttpClient client, Uri uri, Process consumer, System.Text.StringBuilder log)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await client.GetAsync(uri);
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(60) && !consumer.HasExited)
            {
                await Task.Delay(200);
            }
            catch (HttpRequestException exception)
            {
                lock (log)
                {
                    throw new Xunit.Sdk.XunitException($"The consumer never answered ({exception.Message}); its output:\n{log}");
                }
            }
        }
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}