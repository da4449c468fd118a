// The README's first example (ReadmeProgram.cs, compiled with the README's usings only) run over a real socket: each
// comment of the example is asserted below.
using System.Text.Json;
using System.Text.RegularExpressions;

using ReadmeExample;

namespace Gateway.Validation.Tests.Readme;

public sealed class ReadmeExampleTests : IDisposable
{
    private readonly string _logo = Path.Combine(Path.GetTempPath(), $"gateway-readme-{Guid.NewGuid():N}.png");

    public ReadmeExampleTests() => File.WriteAllBytes(_logo, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 42]);

    public void Dispose() => File.Delete(_logo);

    [Fact]
    public async Task The_example_behaves_as_its_comments_say()
    {
        await using var server = ReadmeProgram.Create(_logo);
        await server.StartAsync().WaitAsync(Api.Timeout);
        var port = ((System.Net.IPEndPoint)server.EndPoints[0]).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Api.Timeout };

        // text/plain
        var hello = await http.GetAsync("/");
        Assert.Equal("text/plain; charset=utf-8", hello.Content.Headers.ContentType?.ToString());
        Assert.Equal("Hello", await hello.Content.ReadAsStringAsync());

        // 201 JSON
        var created = await http.PostJsonAsync("/items", """{"name":"pen","price":12.5}""");
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/items/1", created.Headers.Location?.OriginalString);
        Assert.Equal("application/json", created.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"name":"pen","price":12.5}""", await created.Content.ReadAsStringAsync());

        // 422 FastAPI-shaped
        var errors = await (await http.PostJsonAsync("/items", """{"price":1001}""")).ErrorsAsync();
        Assert.Equal("missing", errors.Find("body.name").Type());
        var price = errors.Find("body.price");
        Assert.Equal("less_than_equal", price.Type());
        Assert.Equal("1001", price.Raw("input"));
        Assert.Equal(2, errors.Length);

        // a path parameter and the request's query
        Assert.Equal("""{"id":5,"query":"a b"}""", await http.GetStringAsync("/items/5?q=a+b"));
        Assert.Equal("""{"id":6,"query":null}""", await http.GetStringAsync("/items/6"));

        // a Response, sent as is
        var logo = await http.GetAsync("/logo");
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(_logo), await logo.Content.ReadAsByteArrayAsync());

        // the OpenAPI document
        var document = await http.GetAsync("/openapi.json");
        Assert.Equal(System.Net.HttpStatusCode.OK, document.StatusCode);
        using var openApi = JsonDocument.Parse(await document.Content.ReadAsStringAsync());
        var paths = openApi.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/items/{id}", out _));
        Assert.True(paths.GetProperty("/items").GetProperty("post").GetProperty("responses").TryGetProperty("201", out _));  // …and documented as 201

        // the echo WebSocket
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        using var timeout = new CancellationTokenSource(Api.Timeout);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/echo"), timeout.Token);
        await Support.Sockets.SendTextAsync(socket, "hé");
        Assert.Equal("hé", await Support.Sockets.ReceiveTextAsync(socket));
        await Support.Sockets.SendTextAsync(socket, "again");
        Assert.Equal("again", await Support.Sockets.ReceiveTextAsync(socket));
        await Support.Sockets.CloseAsync(socket);
    }

    [Fact]
    public void The_tested_program_is_the_readmes_first_example_line_for_line()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var start = readme.IndexOf("```csharp", readme.IndexOf("## Hello world", StringComparison.Ordinal), StringComparison.Ordinal) + "```csharp".Length;
        var example = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        var program = Normalize(File.ReadAllText(Path.Combine(root, "tests", "Gateway.Validation.Tests", "Readme", "ReadmeProgram.cs")));

        // Only the logo's path and the port differ (and the server is returned instead of run).
        var lines = example.Split('\n').Select(Normalize)
            .Where(line => line.Length > 0 && !line.Contains("logo.png", StringComparison.Ordinal) && !line.Contains("server", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(lines, line => line.StartsWith("using Gateway.Routing;", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.Contains(line, program, StringComparison.Ordinal));
        Assert.Equal(3, program.Split('\n').Count(line => line.StartsWith("using ", StringComparison.Ordinal)));
    }

    private static string Normalize(string text) => Regex.Replace(text.Replace("\r", "", StringComparison.Ordinal), "[ \t]+", " ").Trim();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Gateway.slnx) is not above " + AppContext.BaseDirectory);
    }
}