using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

using Gateway.Routing;
using Gateway.Validation.Tests.Support;

namespace Gateway.Validation.Tests.WebSockets;

/// <summary>
/// <see cref="WebSocketConnection"/>'s receive and send helpers, each over a real socket (<see cref="ClientWebSocket"/>
/// to Gateway.Server) and in process (TestClient), with the documented answers to messages of the wrong kind or shape.
/// </summary>
public class WebSocketConnectionTests
{
    public static TheoryData<string> Kinds => AppHost.Kinds;

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Text_messages_are_enumerated_until_the_client_closes_and_the_close_status_is_kept(string kind)
    {
        var ended = new TaskCompletionSource<(int Code, string? Reason)?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var router = new Router();
        router.MapWebSocket("/echo", async (WebSocketConnection ws) =>
        {
            await ws.AcceptAsync();
            await foreach (var text in ws.ReceiveTextMessagesAsync())
            {
                await ws.SendTextAsync(text.ToUpperInvariant());
            }

            ended.TrySetResult(ws.CloseStatus);
        });
        await using var host = await AppHost.StartAsync(kind, router);
        using var socket = await host.ConnectAsync("/echo");

        await socket.SendTextAsync("one");
        Assert.Equal("ONE", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("twö");
        Assert.Equal("TWÖ", await socket.ReceiveTextAsync());
        await socket.CloseAsync();

        var status = await ended.Task.WaitAsync(Api.Timeout);
        Assert.Equal((1000, "bye"), status);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_binary_message_where_text_was_asked_closes_with_1003_and_throws_invalid_data(string kind)
    {
        var outcome = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var closeStatus = new TaskCompletionSource<(int Code, string? Reason)?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var router = new Router();
        router.MapWebSocket("/text", async (WebSocketConnection ws) =>
        {
            await ws.AcceptAsync();
            try
            {
                await ws.ReceiveTextAsync();
                outcome.TrySetResult(null);
            }
            catch (Exception exception)
            {
                closeStatus.TrySetResult(ws.CloseStatus);
                outcome.TrySetResult(exception);
            }
        });
        await using var host = await AppHost.StartAsync(kind, router);
        using var socket = await host.ConnectAsync("/text");

        await socket.SendBytesAsync([1, 2, 3]);

        Assert.Equal(WebSocketMessageType.Close, (await socket.ReceiveMessageAsync()).Type);
        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, socket.CloseStatus);
        Assert.IsType<InvalidDataException>(await outcome.Task.WaitAsync(Api.Timeout));
        Assert.Equal(1003, (await closeStatus.Task.WaitAsync(Api.Timeout))?.Code);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Bytes_are_received_one_by_one_and_enumerated_and_text_where_bytes_were_asked_closes_with_1003(string kind)
    {
        var outcome = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var router = new Router();
        router.MapWebSocket("/bytes", async (WebSocketConnection ws) =>
        {
            await ws.AcceptAsync();
            var first = await ws.ReceiveBytesAsync();
            await ws.SendBytesAsync(first!.Reverse().ToArray());
            try
            {
                await foreach (var bytes in ws.ReceiveBytesMessagesAsync())
                {
                    await ws.SendBytesAsync(bytes.Reverse().ToArray());
                }

                outcome.TrySetResult(null);
            }
            catch (Exception exception)
            {
                outcome.TrySetResult(exception);
            }
        });
        await using var host = await AppHost.StartAsync(kind, router);
        using var socket = await host.ConnectAsync("/bytes");

        await socket.SendBytesAsync([1, 2, 3]);
        Assert.Equal([3, 2, 1], await ReceiveBytesAsync(socket));
        await socket.SendBytesAsync([4, 5]);
        Assert.Equal([5, 4], await ReceiveBytesAsync(socket));
        await socket.SendTextAsync("not bytes");

        Assert.Equal(WebSocketMessageType.Close, (await socket.ReceiveMessageAsync()).Type);
        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, socket.CloseStatus);
        Assert.IsType<InvalidDataException>(await outcome.Task.WaitAsync(Api.Timeout));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Json_messages_are_validated_and_a_bad_one_lists_fastapi_shaped_errors_under_message_and_the_connection_stays_open(string kind)
    {
        var router = new Router();
        router.MapWebSocket("/json", async (WebSocketConnection ws) =>
        {
            await ws.AcceptAsync();
            while (true)
            {
                try
                {
                    var user = await ws.ReceiveJsonAsync<CreateUser>();
                    await ws.SendJsonAsync(new UserView(user.Name, user.Age));
                }
                catch (WebSocketValidationException invalid)
                {
                    await ws.SendJsonAsync(invalid.Errors.Select(e => new WireError(string.Join('.', e.Location), e.Type)).ToArray());
                }
                catch (ClientDisconnectedException)
                {
                    return;
                }
            }
        });
        await using var host = await AppHost.StartAsync(kind, router);
        using var socket = await host.ConnectAsync("/json");

        await socket.SendTextAsync("""{"name":"ann","age":200}""");
        var invalid = JsonDocument.Parse(await socket.ReceiveTextAsync()).RootElement;
        await socket.SendTextAsync("""{"name":""");
        var broken = JsonDocument.Parse(await socket.ReceiveTextAsync()).RootElement;
        await socket.SendTextAsync("""{"name":"bob","age":3}""");
        var valid = await socket.ReceiveTextAsync();
        await socket.SendBytesAsync(Encoding.UTF8.GetBytes("""{"name":"cy","age":4}"""));
        var fromBinary = await socket.ReceiveTextAsync();

        Assert.Equal("""[{"loc":"message.age","type":"less_than_equal"}]""", invalid.GetRawText());
        Assert.Equal("message", Assert.Single(broken.EnumerateArray()).GetProperty("loc").GetString());
        Assert.Equal("json_invalid", broken[0].GetProperty("type").GetString());
        Assert.Equal("""{"name":"bob","age":3,"kind":"user"}""", valid);
        Assert.Equal("""{"name":"cy","age":4,"kind":"user"}""", fromBinary);
        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Json_messages_are_enumerated_until_the_client_closes_and_sent_with_source_generated_metadata(string kind)
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var router = new Router();
        router.MapWebSocket("/json", async (WebSocketConnection ws) =>
        {
            await ws.AcceptAsync();
            var names = new List<string>();
            await foreach (var user in ws.ReceiveJsonMessagesAsync<CreateUser>())
            {
                names.Add(user.Name);
                await ws.SendJsonAsync(new UserView(user.Name, user.Age, "admin"), SnakeCaseContext.Default.UserView);
            }

            received.TrySetResult(string.Join(',', names));
        });
        await using var host = await AppHost.StartAsync(kind, router);
        using var socket = await host.ConnectAsync("/json");

        await socket.SendTextAsync("""{"name":"a","age":1}""");
        Assert.Equal("""{"name":"a","age":1,"kind":"admin"}""", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("""{"name":"b","age":2}""");
        Assert.Equal("""{"name":"b","age":2,"kind":"admin"}""", await socket.ReceiveTextAsync());
        await socket.CloseAsync();

        Assert.Equal("a,b", await received.Task.WaitAsync(Api.Timeout));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Send_json_uses_the_handlers_json_options(string kind)
    {
        var router = new Router(new RouterOptions { JsonOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower } });
        router.MapWebSocket("/json", async (WebSocketConnection ws) =>
        {
            await ws.AcceptAsync();
            await ws.SendJsonAsync(new Greeting("Ann", 3));
            await ws.CloseAsync();
        });
        await using var host = await AppHost.StartAsync(kind, router);
        using var socket = await host.ConnectAsync("/json");

        Assert.Equal("""{"first_name":"Ann","visit_count":3}""", await socket.ReceiveTextAsync());
        Assert.Equal(WebSocketMessageType.Close, (await socket.ReceiveMessageAsync()).Type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_invalid_message_ends_the_json_enumeration_with_the_validation_exception(string kind)
    {
        var outcome = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var router = new Router();
        router.MapWebSocket("/json", async (WebSocketConnection ws) =>
        {
            await ws.AcceptAsync();
            try
            {
                await foreach (var user in ws.ReceiveJsonMessagesAsync<CreateUser>())
                {
                    await ws.SendTextAsync(user.Name);
                }

                outcome.TrySetResult(null);
            }
            catch (Exception exception)
            {
                outcome.TrySetResult(exception);
                await ws.CloseAsync(4422, "invalid");
            }
        });
        await using var host = await AppHost.StartAsync(kind, router);
        using var socket = await host.ConnectAsync("/json");

        await socket.SendTextAsync("""{"name":"a","age":1}""");
        Assert.Equal("a", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("""{"age":1}""");

        var invalid = Assert.IsType<WebSocketValidationException>(await outcome.Task.WaitAsync(Api.Timeout));
        var error = Assert.Single(invalid.Errors);
        Assert.Equal(["message", "name"], error.Location);
        Assert.Equal("missing", error.Type);
        Assert.Equal(WebSocketMessageType.Close, (await socket.ReceiveMessageAsync()).Type);
        Assert.Equal((WebSocketCloseStatus)4422, socket.CloseStatus);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_handshake_whose_parameters_are_invalid_is_refused_with_422(string kind)
    {
        var router = new Router();
        router.MapWebSocket("/rooms/{id:int}", async (WebSocketConnection ws, int id, [System.ComponentModel.DataAnnotations.Range(1, 10)] int size) =>
        {
            await ws.AcceptAsync();
            await ws.SendTextAsync($"{id}:{size}");
            await ws.CloseAsync();
        });
        await using var host = await AppHost.StartAsync(kind, router);

        Assert.Equal(422, await host.RefusalStatusAsync("/rooms/1?size=99"));
        Assert.Equal(422, await host.RefusalStatusAsync("/rooms/1"));
        using var socket = await host.ConnectAsync("/rooms/1?size=3");
        Assert.Equal("1:3", await socket.ReceiveTextAsync());
    }

    private static async Task<byte[]> ReceiveBytesAsync(WebSocket socket)
    {
        var (type, data) = await socket.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Binary, type);
        return data;
    }

    public sealed record WireError(string Loc, string Type);

    public sealed record Greeting(string FirstName, int VisitCount);

    [Fact]
    public async Task A_scoped_service_a_message_validation_resolves_is_disposed_with_that_message()
    {
        var created = new List<UserStore>();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddScoped(services, _ =>
        {
            var store = new UserStore();
            lock (created)
            {
                created.Add(store);
            }

            return store;
        });
        var router = new Router();
        router.MapWebSocket("/checked", async (WebSocketConnection ws) =>
        {
            await ws.AcceptAsync();
            for (var i = 0; i < 2; i++)
            {
                var message = await ws.ReceiveJsonAsync<StoreCheckedMessage>();
                await ws.SendTextAsync($"{message.Text} {created.Count(s => s.Disposed)}");
            }
        });
        await using var client = new Gateway.Testing.TestClient(router, new Gateway.Testing.TestClientOptions { Services = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services) });
        using var socket = await client.ConnectWebSocketAsync("/checked").WaitAsync(Api.Timeout);

        await socket.SendTextAsync("""{"text":"a"}""");
        var first = await socket.ReceiveTextAsync();
        await socket.SendTextAsync("""{"text":"b"}""");
        var second = await socket.ReceiveTextAsync();

        // Each message's validation had its own scope, disposed once the message was read.
        Assert.Equal("a 1", first);
        Assert.Equal("b 2", second);
        Assert.Equal(2, created.Count);
    }
}

/// <summary>A message whose validation resolves a scoped service, as a uniqueness check would.</summary>
public sealed record StoreCheckedMessage(string Text) : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        _ = validationContext.GetService(typeof(UserStore)) ?? throw new InvalidOperationException("No scope.");
        return [];
    }
}
