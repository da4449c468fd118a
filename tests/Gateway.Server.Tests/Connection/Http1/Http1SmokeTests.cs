using Gateway.Server.Tests.Support;

namespace Gateway.Server.Tests.Connection.Http1;

public class Http1SmokeTests
{
    [Fact]
    public async Task Serves_a_plain_text_response_to_HttpClient()
    {
        await using var server = await HttpTestServer.StartAsync(async (scope, receive, send) =>
        {
            if (scope.Type != ScopeType.Http)
            {
                return;
            }

            await send(new HttpResponseStart(200, [new("content-type", "text/plain")]));
            await send(new HttpResponseBody("Hello, World!"u8.ToArray()));
        });
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Hello, World!", await response.Content.ReadAsStringAsync());
        Assert.Equal(13, response.Content.Headers.ContentLength);
        Assert.Contains("gateway", response.Headers.Server.ToString(), StringComparison.Ordinal);
    }
}