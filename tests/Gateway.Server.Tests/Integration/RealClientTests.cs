using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

using Gateway.Server.Tests.Support;

namespace Gateway.Server.Tests.Integration;

/// <summary>The server against independent HTTP clients over real sockets: Python's h11, curl, and HttpClient over Unix
/// sockets and TLS.</summary>
public class RealClientTests
{
    private static GatewayApp EchoOrHello => Apps.Http(async (scope, receive, send) =>
    {
        var body = await Apps.ReadBodyAsync(receive);
        var trailers = scope.Extensions.Has<IHttpResponseTrailersCapability>() && scope.Path == "/trailers";
        await send(new HttpResponseStart(200, [new("content-type", "text/plain"), new("x-path", scope.Path), new("x-scheme", scope.Scheme), new("x-client", scope.Client?.ToString() ?? "-")], trailers));
        if (scope.Path == "/stream")
        {
            await send(new HttpResponseBody("one,"u8.ToArray(), moreBody: true));
            await send(new HttpResponseBody("two"u8.ToArray(), moreBody: true));
            await send(HttpResponseBody.Empty);
            return;
        }

        await send(new HttpResponseBody(body.Length > 0 ? body : Encoding.ASCII.GetBytes($"hello {scope.Method}")));
        if (trailers)
        {
            await send(new HttpResponseTrailers([new("x-digest", "42")]));
        }
    });

    private static async Task<JsonElement[]> RunH11Async(GatewayServer server, object requests)
    {
        PeerCatalog.Require(Peer.PythonH11);
        var port = ((IPEndPoint)server.EndPoints[0]).Port;
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(
            ExternalProcess.Python, [ExternalProcess.ClientScript("h11_client.py"), "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], JsonSerializer.Serialize(requests));
        Assert.True(exitCode == 0, $"h11 client failed: {stderr}");
        return JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToArray();
    }

    [PeerFact(Peer.PythonH11)]
    public async Task Python_h11_accepts_every_response_over_one_keep_alive_connection()
    {
        await using var server = await HttpTestServer.StartAsync(EchoOrHello);

        var results = await RunH11Async(server, new object[]
        {
            new { method = "GET", target = "/hello" },
            new { method = "POST", target = "/echo", body = "posted body" },
            new { method = "POST", target = "/chunked", chunks = new[] { "chunk one ", "chunk two" } },
            new { method = "GET", target = "/stream" },
            new { method = "HEAD", target = "/hello" },
            new { method = "GET", target = "/trailers", headers = new[] { new[] { "te", "trailers" } } },
        });

        Assert.DoesNotContain(results, r => r.TryGetProperty("error", out _));
        Assert.Equal(6, results.Length);
        Assert.All(results, r => Assert.Equal(200, r.GetProperty("status").GetInt32()));
        Assert.Equal("hello GET", results[0].GetProperty("body").GetString());
        Assert.Equal("posted body", results[1].GetProperty("body").GetString());
        Assert.Equal("chunk one chunk two", results[2].GetProperty("body").GetString());
        Assert.Equal("one,two", results[3].GetProperty("body").GetString());
        Assert.Equal(string.Empty, results[4].GetProperty("body").GetString());
        Assert.Equal("42", results[5].GetProperty("trailers").EnumerateArray().Single(t => t[0].GetString() == "x-digest")[1].GetString());
    }

    [PeerFact(Peer.PythonH11)]
    public async Task Python_h11_sees_errors_as_well_formed_responses()
    {
        await using var server = await HttpTestServer.StartAsync(Apps.Http((_, _, _) => throw new InvalidOperationException("fail")));

        var results = await RunH11Async(server, new object[] { new { method = "GET", target = "/" } });

        Assert.DoesNotContain(results, r => r.TryGetProperty("error", out _));
        Assert.Equal(500, results[0].GetProperty("status").GetInt32());
        Assert.True(results[1].GetProperty("closed").GetBoolean());
    }

    [PeerFact(Peer.Python)]
    public async Task Python_http_client_posts_and_reuses_its_connection()
    {
        await using var server = await HttpTestServer.StartAsync(EchoOrHello);
        var port = ((IPEndPoint)server.EndPoints[0]).Port;
        const string Script = """
            import http.client, sys
            conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
            out = []
            clients = set()
            for i in range(3):
                conn.request("POST", "/echo", body=f"body {i}".encode(), headers={"content-type": "text/plain"})
                r = conn.getresponse()
                out.append(f"{r.status}:{r.read().decode()}")
                clients.add(r.getheader("x-client"))
            conn.request("POST", "/chunked", body=iter([b"a", b"b", b"c"]), encode_chunked=True)
            r = conn.getresponse()
            out.append(f"{r.status}:{r.read().decode()}")
            clients.add(r.getheader("x-client"))
            print("|".join(out) + f"|connections={len(clients)}")
            """;

        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(ExternalProcess.Python, ["-c", Script, port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("200:body 0|200:body 1|200:body 2|200:abc|connections=1", stdout.Trim());
    }

    [PeerFact(Peer.Curl)]
    public async Task Curl_speaks_http11_and_http10_head_and_chunked_uploads()
    {
        await using var server = await HttpTestServer.StartAsync(EchoOrHello);
        var url = server.BaseUri().ToString();

        var get = await ExternalProcess.RunAsync("curl", ["-s", "-i", url + "hello"]);
        var http10 = await ExternalProcess.RunAsync("curl", ["-s", "-i", "--http1.0", url + "stream"]);
        var head = await ExternalProcess.RunAsync("curl", ["-s", "-I", url + "hello"]);
        var chunked = await ExternalProcess.RunAsync("curl", ["-s", "-H", "Transfer-Encoding: chunked", "--data-binary", "uploaded by curl", url + "echo"]);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", get.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nhello GET", get.Stdout, StringComparison.Ordinal);
        Assert.Contains("connection: close", http10.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("one,two", http10.Stdout, StringComparison.Ordinal);
        Assert.Contains("content-length: 10", head.Stdout, StringComparison.Ordinal);
        Assert.Equal("uploaded by curl", chunked.Stdout);
    }

    [PeerFact(Peer.Curl)]
    public async Task Unix_domain_sockets_serve_curl_and_HttpClient()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gw-{Guid.NewGuid():N}.sock");
        await using var server = await HttpTestServer.StartAsync(EchoOrHello, options => options.ListenUnixSocket(path));

        var curl = await ExternalProcess.RunAsync("curl", ["-s", "--unix-socket", path, "http://localhost/over-uds"]);
        using var client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        using var response = await client.PostAsync("http://localhost/echo", new StringContent("via HttpClient"));

        Assert.Equal("hello GET", curl.Stdout);
        Assert.Equal("via HttpClient", await response.Content.ReadAsStringAsync());
    }

    [PeerFact(Peer.Curl)]
    public async Task Tls_serves_HttpClient_and_curl_with_the_https_scheme()
    {
        await using var server = await HttpTestServer.StartAsync(EchoOrHello, options => options.ListenLocalhost(0, listen => listen.UseTls(TestCertificates.Server)));
        var port = ((IPEndPoint)server.EndPoints[0]).Port;
        var thumbprint = TestCertificates.Server.GetCertHashString();
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint },
        });

        using var response = await client.PostAsync($"https://localhost:{port}/secure", new StringContent("encrypted"));
        var curl = await ExternalProcess.RunAsync("curl", ["-s", "-k", "-i", $"https://localhost:{port}/curl"]);

        Assert.Equal("encrypted", await response.Content.ReadAsStringAsync());
        Assert.Equal("https", response.Headers.GetValues("x-scheme").Single());
        Assert.Contains("x-scheme: https", curl.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("hello GET", curl.Stdout, StringComparison.Ordinal);
    }
}