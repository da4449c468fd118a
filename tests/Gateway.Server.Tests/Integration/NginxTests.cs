using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

using Gateway.Server.Tests.Connection.WebSockets;
using Gateway.Server.Tests.Support;

namespace Gateway.Server.Tests.Integration;

/// <summary>The server behind a real nginx, as uvicorn runs: over TCP and over a Unix socket, forwarded headers honoured.</summary>
public class NginxTests
{
    private static GatewayApp Reporter => Apps.Http(async (scope, receive, send) =>
    {
        var body = await Apps.ReadBodyAsync(receive);
        if (scope.Path.EndsWith("/stream", StringComparison.Ordinal))
        {
            await send(new HttpResponseStart(200));
            for (var i = 0; i < 5; i++)
            {
                await send(new HttpResponseBody(System.Text.Encoding.ASCII.GetBytes($"{i};"), moreBody: true));
            }

            await send(HttpResponseBody.Empty);
            return;
        }

        var report = JsonSerializer.SerializeToUtf8Bytes(new
        {
            client = (scope.Client as IPEndPoint)?.Address.ToString(),
            scheme = scope.Scheme,
            rootPath = scope.RootPath,
            path = scope.Path,
            version = scope.HttpVersion.ToString(),
            bodyLength = body.Length,
        });
        await send(new HttpResponseStart(200, [new("content-type", "application/json")]));
        await send(new HttpResponseBody(report));
    });

    [PeerFact(Peer.Nginx)]
    public async Task Proxied_over_tcp_and_a_unix_socket_with_forwarded_headers_and_a_root_path()
    {
        var socketPath = Path.Combine(Path.GetTempPath(), $"gw-{Guid.NewGuid():N}.sock");
        await using var server = await HttpTestServer.StartAsync(Reporter, options =>
        {
            options.RootPath = "/app";
            options.ListenLocalhost(0).ListenUnixSocket(socketPath);
        });
        var tcpPort = ((IPEndPoint)server.EndPoints[0]).Port;
        await using var nginx = await Nginx.StartAsync($$"""
            upstream tcp_app { server 127.0.0.1:{{tcpPort}}; keepalive 4; }
            upstream uds_app { server unix:{{socketPath}}; }
            server {
                listen 127.0.0.1:{port};
                location /app/ {
                    proxy_pass http://tcp_app/;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto https;
                }
                location /uds/ {
                    proxy_pass http://uds_app/;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto https;
                }
            }
            """);
        using var client = new HttpClient { BaseAddress = nginx.BaseUri, Timeout = Timeouts.Default };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        var viaTcp = JsonDocument.Parse(await client.GetStringAsync("/app/users/42")).RootElement;
        var viaUds = JsonDocument.Parse(await (await client.PostAsync("/uds/upload", new ByteArrayContent(new byte[100_000]))).Content.ReadAsStringAsync()).RootElement;
        var streamed = await client.GetStringAsync("/app/stream");
        for (var i = 0; i < 5; i++)
        {
            await client.GetStringAsync("/app/again");
        }

        // nginx appended its peer (127.0.0.1, trusted) after the client's claim: the first untrusted hop is the client.
        Assert.Equal("203.0.113.7", viaTcp.GetProperty("client").GetString());
        Assert.Equal("https", viaTcp.GetProperty("scheme").GetString());
        Assert.Equal("/app", viaTcp.GetProperty("rootPath").GetString());
        Assert.Equal("/users/42", viaTcp.GetProperty("path").GetString());
        Assert.Equal("1.1", viaTcp.GetProperty("version").GetString());
        Assert.Equal("203.0.113.7", viaUds.GetProperty("client").GetString());
        Assert.Equal("https", viaUds.GetProperty("scheme").GetString());
        Assert.Equal(100_000, viaUds.GetProperty("bodyLength").GetInt32());
        Assert.Equal("1.0", viaUds.GetProperty("version").GetString());
        Assert.Equal("0;1;2;3;4;", streamed);
        Assert.InRange(server.ConnectionCount, 1, 2);
    }

    [PeerFact(Peer.Nginx)]
    public async Task Forwarded_headers_from_an_untrusted_peer_are_ignored()
    {
        await using var server = await HttpTestServer.StartAsync(Reporter, options => options.ForwardedHeaders.TrustedProxies.Clear());
        await using var nginx = await Nginx.StartAsync($$"""
            server {
                listen 127.0.0.1:{port};
                location / {
                    proxy_pass http://127.0.0.1:{{((IPEndPoint)server.EndPoints[0]).Port}};
                    proxy_set_header X-Forwarded-For 203.0.113.7;
                    proxy_set_header X-Forwarded-Proto https;
                }
            }
            """);
        using var client = new HttpClient { BaseAddress = nginx.BaseUri, Timeout = Timeouts.Default };

        var report = JsonDocument.Parse(await client.GetStringAsync("/x")).RootElement;

        Assert.Equal("127.0.0.1", report.GetProperty("client").GetString());
        Assert.Equal("http", report.GetProperty("scheme").GetString());
    }

    [PeerFact(Peer.Nginx)]
    public async Task WebSockets_pass_through_nginx_over_a_unix_socket_with_the_forwarded_scheme()
    {
        var socketPath = Path.Combine(Path.GetTempPath(), $"gw-{Guid.NewGuid():N}.sock");
        var scheme = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        GatewayApp app = async (scope, receive, send) =>
        {
            if (scope.Type == ScopeType.WebSocket)
            {
                scheme.TrySetResult(scope.Scheme);
            }

            await WebSocketSessionTests.EchoApp(scope, receive, send);
        };
        await using var server = await HttpTestServer.StartAsync(app, options => options.ListenUnixSocket(socketPath));
        await using var nginx = await Nginx.StartAsync($$"""
            upstream uds_app { server unix:{{socketPath}}; }
            server {
                listen 127.0.0.1:{port};
                location /ws {
                    proxy_pass http://uds_app;
                    proxy_http_version 1.1;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection "upgrade";
                    proxy_set_header Host $host;
                    proxy_set_header X-Forwarded-Proto https;
                }
            }
            """);
        using var client = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Timeouts.Default);
        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{nginx.Port}/ws"), timeout.Token);

        await client.SendAsync("through nginx"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var echoed = await WebSocketSessionTests.ReceiveMessageAsync(client);
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);

        Assert.Equal("through nginx", Encoding.UTF8.GetString(echoed.Data));
        Assert.Equal("wss", await scheme.Task.WaitAsync(Timeouts.Default));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }
}