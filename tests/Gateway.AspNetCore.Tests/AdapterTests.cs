using System.Net;
using System.Net.WebSockets;
using System.Text;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.AspNetCore.Tests;

public sealed class AdapterTests
{
    private static readonly TimeSpan Timeout = KestrelHost.Timeout;

    private static GatewayApp Describe => async (scope, receive, send) =>
    {
        if (scope.Type != ScopeType.Http)
        {
            return;
        }

        var tls = scope.Extensions.Get<ITlsInfo>();
        var text = $"{scope.HttpVersion} {scope.Scheme} {scope.RootPath}|{scope.Path} {scope.Extensions.Has<IHttpResponseTrailersCapability>()} {tls?.ApplicationProtocol}";
        await send(new HttpResponseStart(200, [new("content-type", "text/plain")]));
        await send(new HttpResponseBody(Encoding.UTF8.GetBytes(text)));
    };

    [Fact]
    public async Task MapGateway_serves_below_its_prefix_with_the_prefix_as_root_path_beside_aspnetcore_endpoints()
    {
        await using var host = await KestrelHost.StartAsync(application =>
        {
            application.MapGet("/native", () => "from ASP.NET Core");
            application.MapGateway("/legacy", Describe);
        });

        var below = await host.Client.GetStringAsync("/legacy/items/1").WaitAsync(Timeout);
        var root = await host.Client.GetStringAsync("/legacy").WaitAsync(Timeout);
        var native = await host.Client.GetStringAsync("/native").WaitAsync(Timeout);

        Assert.Equal("1.1 http /legacy|/items/1 False ", below);
        Assert.Equal("1.1 http /legacy|/ False ", root);
        Assert.Equal("from ASP.NET Core", native);
    }

    [Fact]
    public async Task Kestrels_body_limit_is_answered_with_413_and_the_scope_carries_both_endpoints()
    {
        var endpoints = new TaskCompletionSource<(EndPoint? Client, EndPoint? Server)>(TaskCreationOptions.RunContinuationsAsynchronously);
        GatewayApp app = async (scope, receive, send) =>
        {
            if (scope.Type != ScopeType.Http)
            {
                return;
            }

            endpoints.TrySetResult((scope.Client, scope.Server));
            while (await receive() is HttpRequest { MoreBody: true })
            {
            }

            await send(new HttpResponseStart(200));
            await send(HttpResponseBody.Empty);
        };
        await using var host = await KestrelHost.StartAsync(
            application => application.UseGateway(app),
            configure: builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 10));

        using var small = await host.Client.PostAsync("/", new ByteArrayContent(new byte[10])).WaitAsync(Timeout);
        using var large = await host.Client.PostAsync("/", new ByteArrayContent(new byte[11])).WaitAsync(Timeout);
        var (client, server) = await endpoints.Task.WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal(IPAddress.Loopback, Assert.IsType<IPEndPoint>(client).Address);
        Assert.Equal(host.BaseAddress.Port, Assert.IsType<IPEndPoint>(server).Port);
    }

    [Fact]
    public async Task An_http2_request_with_prior_knowledge_reaches_the_app_which_may_send_trailers()
    {
        GatewayApp app = async (scope, _, send) =>
        {
            if (scope.Type != ScopeType.Http)
            {
                return;
            }

            await send(new HttpResponseStart(200, [new("content-type", "text/plain")], trailers: true));
            await send(new HttpResponseBody(Encoding.UTF8.GetBytes($"HTTP/{scope.HttpVersion}")));
            await send(new HttpResponseTrailers([new("x-checksum", "abc")]));
        };
        await using var host = await KestrelHost.StartAsync(application => application.UseGateway(app), HttpProtocols.Http2);

        using var response = await host.Client.GetAsync("/h2c").WaitAsync(Timeout);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("HTTP/2.0", body);
        Assert.Equal(["abc"], response.TrailingHeaders.GetValues("x-checksum"));
    }

    [Fact]
    public async Task An_http2_request_over_tls_reaches_the_app_with_the_tls_details()
    {
        using var certificate = KestrelHost.CreateCertificate();
        await using var host = await KestrelHost.StartAsync(application => application.UseGateway(Describe), HttpProtocols.Http2, certificate);

        using var response = await host.Client.GetAsync("/secure").WaitAsync(Timeout);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("2.0 https |/secure True h2", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Trailers_are_refused_on_http11_where_the_capability_is_not_offered()
    {
        var refusal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        GatewayApp app = async (scope, _, send) =>
        {
            if (scope.Type != ScopeType.Http)
            {
                return;
            }

            try
            {
                await send(new HttpResponseStart(200, trailers: true));
            }
            catch (InvalidOperationException exception)
            {
                refusal.TrySetResult(exception.Message);
                await send(new HttpResponseStart(200));
                await send(HttpResponseBody.Empty);
            }
        };
        await using var host = await KestrelHost.StartAsync(application => application.UseGateway(app), HttpProtocols.Http1);

        using var response = await host.Client.GetAsync("/").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("IHttpResponseTrailersCapability", await refusal.Task.WaitAsync(Timeout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_is_sent_through_the_send_file_feature()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "0123456789");
        try
        {
            GatewayApp app = async (scope, _, send) =>
            {
                if (scope.Type != ScopeType.Http)
                {
                    return;
                }

                Assert.True(scope.Extensions.Has<IHttpResponseFileCapability>());
                await send(new HttpResponseStart(200, [new("content-type", "text/plain"), new("content-length", "4")]));
                await send(new HttpResponseFile(path, offset: 3, length: 4));
            };
            await using var host = await KestrelHost.StartAsync(application => application.UseGateway(app));

            Assert.Equal("3456", await host.Client.GetStringAsync("/file").WaitAsync(Timeout));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Lifespan_startup_runs_before_requests_its_state_reaches_every_scope_and_shutdown_runs_on_stop()
    {
        var shutdown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        GatewayApp app = async (scope, receive, send) =>
        {
            if (scope.Type == ScopeType.Lifespan)
            {
                await receive();
                scope.State["greeting"] = "hello from startup";
                await send(LifespanStartupComplete.Instance);
                await receive();
                shutdown.TrySetResult();
                await send(LifespanShutdownComplete.Instance);
                return;
            }

            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody(Encoding.UTF8.GetBytes(scope.State.Get<string>("greeting"))));
        };
        var host = await KestrelHost.StartAsync(application => application.UseGateway(app));

        var text = await host.Client.GetStringAsync("/").WaitAsync(Timeout);
        Assert.False(shutdown.Task.IsCompleted);
        await host.DisposeAsync();

        Assert.Equal("hello from startup", text);
        await shutdown.Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_websocket_is_accepted_with_a_subprotocol_and_echoes_text_and_bytes_until_the_client_closes()
    {
        var disconnect = new TaskCompletionSource<WebSocketDisconnect>(TaskCreationOptions.RunContinuationsAsynchronously);
        GatewayApp app = async (scope, receive, send) =>
        {
            if (scope.Type != ScopeType.WebSocket)
            {
                return;
            }

            Assert.IsType<WebSocketConnect>(await receive());
            Assert.Equal("ws", scope.Scheme);
            await send(new WebSocketAccept(scope.Subprotocols[0]));
            while (true)
            {
                switch (await receive())
                {
                    case WebSocketReceive { IsText: true } text:
                        await send(new WebSocketSend($"echo: {text.Text} at {scope.Path}"));
                        break;
                    case WebSocketReceive bytes:
                        await send(new WebSocketSend(bytes.Data.ToArray().Reverse().ToArray()));
                        break;
                    case WebSocketDisconnect gone:
                        disconnect.TrySetResult(gone);
                        return;
                }
            }
        };
        await using var host = await KestrelHost.StartAsync(application =>
        {
            application.UseWebSockets();
            application.MapGateway("/ws", app);
        });
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("chat.v1");

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{host.BaseAddress.Port}/ws/room"), CancellationToken.None).WaitAsync(Timeout);
        await socket.SendAsync("hi"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var text = await ReceiveAsync(socket);
        await socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var bytes = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("chat.v1", socket.SubProtocol);
        Assert.Equal("echo: hi at /room", Encoding.UTF8.GetString(text));
        Assert.Equal(new byte[] { 3, 2, 1 }, bytes);
        var gone = await disconnect.Task.WaitAsync(Timeout);
        Assert.Equal(1000, gone.Code);
        Assert.Equal("bye", gone.Reason);
    }

    [Fact]
    public async Task A_websocket_closed_before_it_is_accepted_is_refused_with_403_or_a_denial_response()
    {
        GatewayApp app = async (scope, receive, send) =>
        {
            if (scope.Type != ScopeType.WebSocket)
            {
                return;
            }

            await receive();
            if (scope.Path == "/deny")
            {
                Assert.True(scope.Extensions.Has<IWebSocketDenialResponseCapability>());
                await send(new WebSocketHttpResponseStart(401, [new("content-type", "text/plain")]));
                await send(new WebSocketHttpResponseBody("log in first"u8.ToArray()));
                return;
            }

            await send(new WebSocketClose());
        };
        await using var host = await KestrelHost.StartAsync(application =>
        {
            application.UseWebSockets();
            application.UseGateway(app);
        });

        async Task<HttpStatusCode> ConnectAsync(string path)
        {
            using var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{host.BaseAddress.Port}{path}"), CancellationToken.None).WaitAsync(Timeout));
            return socket.HttpStatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await ConnectAsync("/closed"));
        Assert.Equal(HttpStatusCode.Unauthorized, await ConnectAsync("/deny"));
    }

    [Fact]
    public async Task A_client_that_leaves_mid_response_fires_Aborted_and_send_then_throws_ClientDisconnectedException()
    {
        var outcome = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        GatewayApp app = async (scope, _, send) =>
        {
            if (scope.Type != ScopeType.Http)
            {
                return;
            }

            await send(new HttpResponseStart(200));
            await send(new HttpResponseBody("first"u8.ToArray(), moreBody: true));
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout, scope.Aborted);
                outcome.TrySetResult(null);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    await send(new HttpResponseBody("more"u8.ToArray(), moreBody: true));
                    outcome.TrySetResult(null);
                }
                catch (Exception exception)
                {
                    outcome.TrySetResult(exception);
                }
            }
        };
        await using var host = await KestrelHost.StartAsync(application => application.UseGateway(app));

        var response = await host.Client.GetAsync("/slow", HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);
        await started.Task.WaitAsync(Timeout);
        response.Dispose();

        Assert.IsType<ClientDisconnectedException>(await outcome.Task.WaitAsync(Timeout));
    }

    private static async Task<byte[]> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[1024];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Timeout);
        return buffer[..result.Count];
    }
}