using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

using Gateway.Samples.Chat.Tests.Support;
using Gateway.Tests.Services;

namespace Gateway.Samples.Chat.Tests.ScaleOut;

/// <summary>
/// <c>Chat:TrustedProxies</c> behind the sample's nginx template: the address nginx reports is believed (it is the
/// login rate limit's key), an address a client claims directly is not. Observed through the limit itself: five
/// failed logins per username and address, then 429.
/// </summary>
public sealed class ForwardedHeadersTests
{
    [PeerFact(Peer.Nginx)]
    public async Task Client_addresses_are_believed_from_nginx_only()
    {
        await using var host = await ChatHost.StartAsync(null, $"--Chat:TrustedProxies={NginxProcess.ProxyAddress}");
        await host.SignUpAsync("alice");
        await using var nginx = await NginxProcess.StartAsync([host.BaseUri.Port]);

        // Through nginx from 127.0.0.3: its budget runs out; from 127.0.0.4 (another client to nginx) it is fresh.
        using (var first = ClientFrom("127.0.0.3", nginx.BaseUri))
        {
            Assert.Equal([401, 401, 401, 401, 401, 429], await FailLoginsAsync(first, 6));
        }

        using (var second = ClientFrom("127.0.0.4", nginx.BaseUri))
        {
            Assert.Equal([401], await FailLoginsAsync(second, 1));
        }

        // Directly, claiming a new address each time: all of it is 127.0.0.1, whose budget runs out as well.
        using var direct = ClientFrom("127.0.0.1", host.BaseUri);
        var statuses = new List<int>();
        for (var i = 1; i <= 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/auth/login") { Content = JsonContent.Create(new { username = "alice", password = "wrong password" }) };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            using var response = await direct.SendAsync(request);
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([401, 401, 401, 401, 401, 429], statuses);
    }

    private static async Task<List<int>> FailLoginsAsync(HttpClient http, int count)
    {
        var statuses = new List<int>();
        for (var i = 0; i < count; i++)
        {
            using var response = await http.PostAsJsonAsync("api/auth/login", new { username = "alice", password = "wrong password" });
            statuses.Add((int)response.StatusCode);
        }

        return statuses;
    }

    // Loopback has all of 127.0.0.0/8: binding the client socket gives each "client" its own source address.
    private static HttpClient ClientFrom(string localAddress, Uri baseUri)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }
}