// The chat sample under load: N users in R rooms, one WebSocket each, every client sending at a fixed rate; prints a
// markdown table of messages stored/s, deliveries/s, delivery latency and server CPU per delivery. See ../README.md.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;

using Gateway.Benchmarks.ChatLoad;

if (!ChatLoadArguments.TryParse(args, out var arguments))
{
    await Console.Error.WriteLineAsync(ChatLoadArguments.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

ChatServer? server = null;
AppDomain.CurrentDomain.ProcessExit += (_, _) => server?.Dispose();
var clients = new List<ChatClient>();
try
{
    server = await ChatServer.StartAsync(arguments.ChatDll, arguments.Pin, stop.Token);
    if (server.Pinned && OperatingSystem.IsLinux())
    {
        // The server has CPU 0; the load generator takes the others.
        Process.GetCurrentProcess().ProcessorAffinity = (nint)(((1L << Math.Min(Environment.ProcessorCount, 62)) - 1) & ~1L);
    }

    Console.Error.WriteLine($"chat (pid {server.ProcessId}) at {server.BaseUri}{(server.Pinned ? " on CPU 0" : "")}; registering {arguments.Users} users in {arguments.Rooms} rooms");
    using var http = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    var access = new string[arguments.Users];
    await Parallel.ForEachAsync(Enumerable.Range(0, arguments.Users), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stop.Token }, async (i, token) =>
        access[i] = await SignUpAsync(http, string.Create(CultureInfo.InvariantCulture, $"bench_{i:D4}"), token));

    // User r creates room r (and is its first member); user i joins room i % R.
    var rooms = new long[arguments.Rooms];
    for (var r = 0; r < arguments.Rooms; r++)
    {
        using var created = await PostAsync(http, "api/rooms", access[r], new { name = string.Create(CultureInfo.InvariantCulture, $"bench room {r}") }, stop.Token);
        rooms[r] = (await created.Content.ReadFromJsonAsync<JsonElement>(stop.Token)).GetProperty("id").GetInt64();
    }

    await Parallel.ForEachAsync(Enumerable.Range(arguments.Rooms, arguments.Users - arguments.Rooms), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stop.Token }, async (i, token) =>
    {
        using var joined = await PostAsync(http, $"api/rooms/{rooms[i % arguments.Rooms]}/join", access[i], null, token);
    });

    Console.Error.WriteLine($"opening {arguments.Users} WebSockets");
    var measurement = new Measurement();
    using var stopClients = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
    var loops = new List<Task>();
    for (var i = 0; i < arguments.Users; i++)
    {
        var client = new ChatClient(i, rooms[i % arguments.Rooms], measurement);
        clients.Add(client);
        await client.ConnectAsync(server.WebSocketUri, access[i], stop.Token);
        loops.Add(client.ReceiveLoopAsync(stopClients.Token));
    }

    // Each client sends at the fixed rate with its own phase, so that the sends spread over the period.
    var period = TimeSpan.FromSeconds(1 / arguments.Rate);
    var start = Stopwatch.GetTimestamp();
    for (var i = 0; i < arguments.Users; i++)
    {
        loops.Add(clients[i].SendLoopAsync(start, period * i / arguments.Users, period, stopClients.Token));
    }

    Console.Error.WriteLine($"sending {arguments.Rate} message/s per client: warm-up {arguments.Warmup} s, then {arguments.Duration} s measured");
    await Task.Delay(TimeSpan.FromSeconds(arguments.Warmup), stop.Token);
    var cpuBefore = server.CpuTime();
    var window = Stopwatch.StartNew();
    measurement.Measuring = true;
    await Task.Delay(TimeSpan.FromSeconds(arguments.Duration), stop.Token);
    measurement.Measuring = false;
    var elapsed = window.Elapsed;
    var cpu = server.CpuTime() - cpuBefore;
    await stopClients.CancelAsync();
    await Task.WhenAny(Task.WhenAll(loops), Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None));

    PrintTable(arguments, measurement, elapsed, cpu, server.Pinned);
    return measurement.Errors == 0 ? 0 : 1;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("cancelled");
    return 130;
}
catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TimeoutException or IOException
    or System.Net.WebSockets.WebSocketException or OperationCanceledException or JsonException)
{
    await Console.Error.WriteLineAsync($"chat load failed: {exception.Message}");
    return 1;
}
finally
{
    foreach (var client in clients)
    {
        client.Dispose();
    }

    server?.Dispose();
}

static async Task<string> SignUpAsync(HttpClient http, string username, CancellationToken cancellationToken)
{
    const string password = "correct horse battery";
    using (var registered = await http.PostAsJsonAsync("api/auth/register", new { username, password }, cancellationToken))
    {
        await EnsureSuccessAsync(registered, cancellationToken);
    }

    using var login = await http.PostAsJsonAsync("api/auth/login", new { username, password }, cancellationToken);
    await EnsureSuccessAsync(login, cancellationToken);
    return (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("access_token").GetString()!;
}

static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string access, object? body, CancellationToken cancellationToken)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, path);
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
    if (body is not null)
    {
        request.Content = JsonContent.Create(body);
    }

    var response = await http.SendAsync(request, cancellationToken);
    await EnsureSuccessAsync(response, cancellationToken);
    return response;
}

static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
{
    if (!response.IsSuccessStatusCode)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
    }
}

static void PrintTable(ChatLoadArguments arguments, Measurement measurement, TimeSpan elapsed, TimeSpan cpu, bool pinned)
{
    static string Milliseconds(TimeSpan? value) => value is null ? "" : value == TimeSpan.MaxValue ? "> 10000" : value.Value.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture);
    var seconds = elapsed.TotalSeconds;
    var perDelivery = measurement.Deliveries == 0 ? "" : (cpu.TotalMicroseconds / measurement.Deliveries).ToString("F1", CultureInfo.InvariantCulture);
    var perStored = measurement.Acks == 0 ? "" : (cpu.TotalMicroseconds / measurement.Acks).ToString("F0", CultureInfo.InvariantCulture);
    var line = string.Create(
        CultureInfo.InvariantCulture,
        $"| {arguments.Users} | {arguments.Rooms} | {arguments.Rate:0.##} | {seconds:F1} | {measurement.Acks / seconds:F1} | {measurement.Deliveries / seconds:F1} | {Milliseconds(measurement.Latency.Quantile(0.50))} | {Milliseconds(measurement.Latency.Quantile(0.99))} | {perDelivery} | {perStored} | {cpu.TotalSeconds / seconds * 100:F0} | {measurement.Errors} | {measurement.Skipped} |");
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"Chat load on SQLite, {Environment.ProcessorCount} CPUs ({(pinned ? "server on CPU 0, clients on the others" : "not pinned")}), {RuntimeInformation.FrameworkDescription}, warm-up {arguments.Warmup} s."));
    Console.WriteLine();
    Console.WriteLine("| users | rooms | msg/s per client | window s | stored/s (acks) | deliveries/s | p50 ms | p99 ms | server CPU µs/delivery | server CPU µs/stored | server CPU % | errors | skipped sends |");
    Console.WriteLine("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    Console.WriteLine(line);
    if (measurement.FirstError is not null)
    {
        Console.WriteLine();
        Console.WriteLine($"first error: {measurement.FirstError}");
    }
}