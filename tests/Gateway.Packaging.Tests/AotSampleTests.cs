using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Gateway.Packaging.Tests;

/// <summary>
/// Black-box tests of samples/Gateway.Samples.Aot, a program on Abstractions + Server + Routing + Validation (handlers
/// through the source generator). By default they run the
/// JIT build (<c>dotnet run</c>); <c>eng/aot-sample.sh</c> publishes the Native AOT binary and sets
/// <c>GATEWAY_AOT_SAMPLE</c> to it, so that the same tests check the native program.
/// </summary>
// In the packed-feed collection so that its builds never run beside the fixture's root `dotnet pack` (both restore
// the same projects).
[Collection(PackagingCollection.Name)]
public sealed class AotSampleTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly int _port = FreePort();
    private readonly StringBuilder _output = new();
    private Process? _sample;

    private Uri Base => new($"http://127.0.0.1:{_port}/");

    public async Task InitializeAsync()
    {
        var port = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var native = Environment.GetEnvironmentVariable("GATEWAY_AOT_SAMPLE");
        if (!string.IsNullOrEmpty(native))
        {
            var info = new ProcessStartInfo(native) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("--port");
            info.ArgumentList.Add(port);
            _sample = Process.Start(info)!;
        }
        else
        {
            // The Debug build, which a root `dotnet test` has already made: the packaging fixture packs Release in
            // parallel, and the two must not write the same outputs.
            var root = FindRepositoryRoot();
            var (exitCode, output) = await DotNet.RunAsync(root, PackedFeed.CommandTimeout, "build", Path.Combine("samples", "Gateway.Samples.Aot"));
            Assert.True(exitCode == 0, output);
            _sample = DotNet.Start(root, Path.Combine(root, "samples", "Gateway.Samples.Aot", "bin", "Debug", "net10.0", "Gateway.Samples.Aot.dll"), "--port", port);
        }

        _sample.OutputDataReceived += (_, e) => Append(e.Data);
        _sample.ErrorDataReceived += (_, e) => Append(e.Data);
        _sample.BeginOutputReadLine();
        _sample.BeginErrorReadLine();
        await WaitUntilListeningAsync();
    }

    public Task DisposeAsync()
    {
        if (_sample is { HasExited: false })
        {
            _sample.Kill(entireProcessTree: true);
            _sample.WaitForExit(10_000);
        }

        _sample?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_sample_routes_text_json_and_404()
    {
        using var client = new HttpClient { BaseAddress = Base, Timeout = Timeout };

        Assert.Equal("Hello from Gateway", await client.GetStringAsync("/"));
        using var item = await client.GetAsync("/items/42");
        Assert.Equal("application/json", item.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"id":42}""", await item.Content.ReadAsStringAsync());
        using var missing = await client.GetAsync("/items/forty-two");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_sample_echoes_websocket_messages()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_port}/echo"), CancellationToken.None).WaitAsync(Timeout);
        await socket.SendAsync("native"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[64];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Timeout);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("native", Encoding.UTF8.GetString(buffer, 0, result.Count));
    }

    [Fact]
    public async Task A_valid_user_is_created_with_201_and_its_json()
    {
        using var client = new HttpClient { BaseAddress = Base, Timeout = Timeout };

        using var created = await client.PostAsync("/users", Json("""{"name":"Ada","age":36,"email":"ada@example.com","address":{"city":"London"},"tags":["math"]}"""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("application/json", created.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"id":1,"name":"Ada","age":36}""", await created.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_invalid_user_is_a_422_listing_every_error_in_fastapi_shape()
    {
        using var client = new HttpClient { BaseAddress = Base, Timeout = Timeout };

        using var invalid = await client.PostAsync("/users", Json("""{"name":"","age":151,"email":"nope","address":{"postcode":"12345678901"},"tags":["1","2","3","4","5","6"]}"""));

        Assert.Equal(HttpStatusCode.UnprocessableContent, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            """{"type":"about:blank","title":"Unprocessable Content","status":422,"detail":"The request has 6 validation errors.","errors":["""
            + """{"loc":["body","name"],"type":"string_too_short","msg":"String should have at least 1 character","input":"","ctx":{"min_length":1}},"""
            + """{"loc":["body","age"],"type":"less_than_equal","msg":"Input should be less than or equal to 150","input":151,"ctx":{"le":150}},"""
            + """{"loc":["body","email"],"type":"value_error","msg":"value is not a valid email address: An email address must have an @-sign.","input":"nope","ctx":{"reason":"An email address must have an @-sign."}},"""
            + """{"loc":["body","address","city"],"type":"missing","msg":"Field required","input":null},"""
            + """{"loc":["body","address","postcode"],"type":"string_too_long","msg":"String should have at most 10 characters","input":"12345678901","ctx":{"max_length":10}},"""
            + """{"loc":["body","tags"],"type":"too_long","msg":"List should have at most 5 items after validation, not 6","input":["1","2","3","4","5","6"],"ctx":{"field_type":"List","max_length":5,"actual_length":6}}]}""",
            await invalid.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_rule_across_members_runs_once_the_members_are_valid()
    {
        using var client = new HttpClient { BaseAddress = Base, Timeout = Timeout };

        using var invalid = await client.PostAsync("/users", Json("""{"name":"Kid","age":10,"email":"kid@example.com"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableContent, invalid.StatusCode);
        Assert.Equal(
            """{"type":"about:blank","title":"Unprocessable Content","status":422,"detail":"The request has 1 validation error.","errors":["""
            + """{"loc":["body","email"],"type":"value_error","msg":"Value error, Users under 16 give no e-mail address.","input":null,"ctx":{"error":"Users under 16 give no e-mail address."}}]}""",
            await invalid.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_user_is_read_back_with_path_query_and_header_values()
    {
        using var client = new HttpClient { BaseAddress = Base, Timeout = Timeout };
        using var created = await client.PostAsync("/users", Json("""{"name":"Grace","age":45,"tags":["navy","cobol"]}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/users/1?verbose=true");
        request.Headers.Add("x-tenant", "acme");
        using var verbose = await client.SendAsync(request);
        using var plain = await client.GetAsync("/users/1");
        using var missing = await client.GetAsync("/users/2");

        Assert.Equal(HttpStatusCode.OK, verbose.StatusCode);
        Assert.Equal("""{"id":1,"name":"Grace","age":45,"tenant":"acme","tags":["navy","cobol"]}""", await verbose.Content.ReadAsStringAsync());
        Assert.Equal("""{"id":1,"name":"Grace","age":45}""", await plain.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_bad_path_or_query_value_is_a_422_naming_it()
    {
        using var client = new HttpClient { BaseAddress = Base, Timeout = Timeout };

        using var badQuery = await client.GetAsync("/users/1?verbose=maybe");
        using var badPath = await client.GetAsync("/users/forty-two");

        Assert.Equal(HttpStatusCode.UnprocessableContent, badQuery.StatusCode);
        Assert.Equal(
            """{"type":"about:blank","title":"Unprocessable Content","status":422,"detail":"The request has 1 validation error.","errors":["""
            + """{"loc":["query","verbose"],"type":"bool_parsing","msg":"Input should be a valid boolean, unable to interpret input","input":"maybe"}]}""",
            await badQuery.Content.ReadAsStringAsync());
        // The route's {id:int} convertor refuses a segment that is not a number before the handler binds it.
        Assert.Equal(HttpStatusCode.NotFound, badPath.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_body_model_with_its_constraints()
    {
        using var client = new HttpClient { BaseAddress = Base, Timeout = Timeout };

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi.json"));

        var root = document.RootElement;
        Assert.Equal("3.1.0", root.GetProperty("openapi").GetString());
        var schemas = root.GetProperty("components").GetProperty("schemas");
        var createUser = schemas.GetProperty("CreateUser");
        Assert.Equal("""["name","age"]""", Compact(createUser.GetProperty("required")));
        var properties = createUser.GetProperty("properties");
        Assert.Equal("""{"type":"string","minLength":1,"maxLength":50,"title":"Name"}""", Compact(properties.GetProperty("name")));
        Assert.Equal("""{"type":"integer","format":"int32","minimum":0,"maximum":150,"title":"Age"}""", Compact(properties.GetProperty("age")));
        Assert.Equal("""{"anyOf":[{"type":"string","format":"email"},{"type":"null"}],"title":"Email","default":null}""", Compact(properties.GetProperty("email")));
        Assert.Equal("""{"anyOf":[{"type":"array","items":{"type":"string"},"maxItems":5},{"type":"null"}],"title":"Tags","default":null}""", Compact(properties.GetProperty("tags")));
        Assert.Equal("#/components/schemas/Address", properties.GetProperty("address").GetProperty("anyOf")[0].GetProperty("$ref").GetString());
        Assert.Equal("""["city"]""", Compact(schemas.GetProperty("Address").GetProperty("required")));
        var post = root.GetProperty("paths").GetProperty("/users").GetProperty("post");
        Assert.Equal("#/components/schemas/User", post.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(post.GetProperty("responses").TryGetProperty("422", out _));
        var get = root.GetProperty("paths").GetProperty("/users/{id}").GetProperty("get");
        Assert.Equal("""["id","verbose","x-tenant"]""", JsonSerializer.Serialize(get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray()));
    }

    [Fact]
    public async Task SIGTERM_stops_the_sample_gracefully_and_it_says_so()
    {
        using var kill = Process.Start("kill", ["-TERM", _sample!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(Timeout);
        await _sample.WaitForExitAsync().WaitAsync(Timeout);

        Assert.Equal(0, _sample.ExitCode);
        Assert.Contains("info: Gateway server stopped", Output(), StringComparison.Ordinal);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);

    private async Task WaitUntilListeningAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (!Output().Contains($"listening on http://127.0.0.1:{_port}", StringComparison.Ordinal))
        {
            if (_sample!.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new Xunit.Sdk.XunitException($"The sample did not start listening; its output:\n{Output()}");
            }

            await Task.Delay(50);
        }
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root is not above " + AppContext.BaseDirectory);
    }
}