// The chat under load, setup after setup: N users in R rooms, one connection each, every client sending at a fixed rate;
// prints one markdown row per setup (deliveries/s, latency, server CPU per delivery, memory per connection, lost and
// duplicated messages). See ../README.md, "Chat load".
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

var rows = new List<string>();
var failed = false;
var pinned = false;
Deployment? deployment = null;
// Killed mid-run (SIGTERM handled above ends the run normally; this covers other exits): stop the servers anyway.
AppDomain.CurrentDomain.ProcessExit += (_, _) => deployment?.DisposeAsync().AsTask().GetAwaiter().GetResult();
foreach (var setup in arguments.Setups)
{
    try
    {
        Console.Error.WriteLine($"[{setup}] starting");
        deployment = await Deployment.StartAsync(setup, arguments, stop.Token);
        if (deployment.Pinned && OperatingSystem.IsLinux())
        {
            // The servers have CPU 0; the load generator takes the others.
            Process.GetCurrentProcess().ProcessorAffinity = (nint)(((1L << Math.Min(Environment.ProcessorCount, 62)) - 1) & ~1L);
            pinned = true;
        }

        var result = await RunAsync(deployment, arguments, stop.Token);
        rows.Add(result.Row);
        failed |= !result.Clean;
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        await Console.Error.WriteLineAsync("cancelled");
        return 130;
    }
    catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TimeoutException or IOException
        or System.Net.WebSockets.WebSocketException or OperationCanceledException or JsonException)
    {
        await Console.Error.WriteLineAsync($"[{setup}] failed: {exception.Message}");
        rows.Add($"| {setup} | failed: {exception.Message.ReplaceLineEndings(" ")} |");
        failed = true;
    }
    finally
    {
        if (deployment is not null)
        {
            await deployment.DisposeAsync();
            deployment = null;
        }
    }
}

Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"Chat load: {arguments.Users} users in {arguments.Rooms} rooms, {arguments.Rate:0.##} message/s each, warm-up {arguments.Warmup} s, window {arguments.Duration} s; {Environment.ProcessorCount} CPUs ({(pinned ? "servers on CPU 0, clients on the others; PostgreSQL, Redis and nginx unpinned" : "not pinned")}), {RuntimeInformation.FrameworkDescription}."));
Console.WriteLine();
Console.WriteLine("| setup | stored/s | deliveries/s | p50 ms | p99 ms | max ms | server CPU µs/delivery | server CPU % | KiB/connection | lost | duplicated | errors | skipped sends | resumed |");
Console.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
foreach (var row in rows)
{
    Console.WriteLine(row);
}

return failed ? 1 : 0;

static async Task<(string Row, bool Clean)> RunAsync(Deployment deployment, ChatLoadArguments arguments, CancellationToken stop)
{
    var setup = deployment.Setup;
    var measurement = new Measurement();
    var clients = new List<LoadClient>();
    try
    {
        using var http = new HttpClient { BaseAddress = deployment.BaseUri, Timeout = TimeSpan.FromSeconds(60) };
        if (setup == "redis")
        {
            foreach (var server in deployment.Servers)
            {
                await WaitRedisUpAsync(server.BaseUri, stop);
            }
        }

        string?[] access = new string?[arguments.Users];
        var roomIds = new long[arguments.Rooms];
        if (!deployment.IsSignalR)
        {
            Console.Error.WriteLine($"[{setup}] registering {arguments.Users} users in {arguments.Rooms} rooms");
            await Parallel.ForEachAsync(Enumerable.Range(0, arguments.Users), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stop }, async (i, token) =>
                access[i] = await SignUpAsync(http, string.Create(CultureInfo.InvariantCulture, $"bench_{i:D4}"), token));

            // User r creates room r (and is its first member); user i joins room i % R.
            for (var r = 0; r < arguments.Rooms; r++)
            {
                using var created = await PostAsync(http, "api/rooms", access[r]!, new { name = string.Create(CultureInfo.InvariantCulture, $"bench room {r}") }, stop);
                roomIds[r] = (await created.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("id").GetInt64();
            }

            await Parallel.ForEachAsync(Enumerable.Range(arguments.Rooms, arguments.Users - arguments.Rooms), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stop }, async (i, token) =>
            {
                using var joined = await PostAsync(http, $"api/rooms/{roomIds[i % arguments.Rooms]}/join", access[i]!, null, token);
            });
        }

        Console.Error.WriteLine($"[{setup}] opening {arguments.Users} connections to {deployment.BaseUri}");
        var residentBefore = deployment.ResidentBytes();
        for (var i = 0; i < arguments.Users; i++)
        {
            var room = i % arguments.Rooms;
            clients.Add(deployment.IsSignalR ? new SignalRClient(i, room, measurement) : new ChatClient(i, room, roomIds[room], measurement));
        }

        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = stop }, async (client, token) =>
            await client.ConnectAsync(deployment.BaseUri, access[client.Index], token));
        var residentAfter = deployment.ResidentBytes();

        using var stopReceiving = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var receivers = clients.Select(client => client.ReceiveLoopAsync(stopReceiving.Token)).ToList();
        // Each client sends at the fixed rate with its own phase, so that the sends spread over the period.
        var period = TimeSpan.FromSeconds(1 / arguments.Rate);
        var start = Stopwatch.GetTimestamp();
        var senders = clients.Select(client => client.SendLoopAsync(start, period * client.Index / arguments.Users, period, stopSending.Token)).ToList();

        Console.Error.WriteLine($"[{setup}] sending {arguments.Rate} message/s per client: warm-up {arguments.Warmup} s, then {arguments.Duration} s measured");
        await Task.Delay(TimeSpan.FromSeconds(arguments.Warmup), stop);
        var cpuBefore = deployment.CpuTime();
        var window = Stopwatch.StartNew();
        measurement.Measuring = true;
        await Task.Delay(TimeSpan.FromSeconds(arguments.Duration), stop);
        measurement.Measuring = false;
        var elapsed = window.Elapsed;
        var cpu = deployment.CpuTime() - cpuBefore;
        await stopSending.CancelAsync();
        await Task.WhenAny(Task.WhenAll(senders), Task.Delay(TimeSpan.FromSeconds(15), CancellationToken.None));

        // Whatever was acknowledged must reach every member of its room: wait while deliveries still arrive.
        var lost = await DrainAsync(clients, measurement, stop);
        var duplicated = clients.Sum(client => client.Duplicates);
        await stopReceiving.CancelAsync();
        await Task.WhenAny(Task.WhenAll(receivers), Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None));

        var seconds = elapsed.TotalSeconds;
        static string Milliseconds(TimeSpan? value) => value is null ? "" : value == TimeSpan.MaxValue ? "> 10000" : value.Value.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture);
        var perDelivery = measurement.Deliveries == 0 ? "" : (cpu.TotalMicroseconds / measurement.Deliveries).ToString("F1", CultureInfo.InvariantCulture);
        var row = string.Create(
            CultureInfo.InvariantCulture,
            $"| {deployment.Description} | {measurement.Acks / seconds:F1} | {measurement.Deliveries / seconds:F1} | {Milliseconds(measurement.Latency.Quantile(0.50))} | {Milliseconds(measurement.Latency.Quantile(0.99))} | {Milliseconds(measurement.Latency.Count == 0 ? null : measurement.MaxLatency)} | {perDelivery} | {cpu.TotalSeconds / seconds * 100:F0} | {(residentAfter - residentBefore) / 1024.0 / arguments.Users:F1} | {lost} | {duplicated} | {measurement.Errors} | {measurement.Skipped} | {measurement.Resumptions} |");
        Console.Error.WriteLine($"[{setup}] {row}");
        if (measurement.FirstError is not null)
        {
            Console.Error.WriteLine($"[{setup}] first error: {measurement.FirstError}");
        }

        return (row, measurement.Errors == 0 && lost == 0 && duplicated == 0 && measurement.Acks > 0);
    }
    finally
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}

// Lost = for every client, the acknowledged messages of its room it has not received; polled until it reaches 0 or
// stops falling for 5 s (at most 60 s).
static async Task<long> DrainAsync(List<LoadClient> clients, Measurement measurement, CancellationToken stop)
{
    var byRoom = measurement.Acknowledged.GroupBy(pair => pair.Value).ToDictionary(group => group.Key, group => group.Select(pair => pair.Key).ToArray());
    long Missing() => clients.Sum(client => byRoom.TryGetValue(client.Room, out var ids) ? ids.LongCount(id => !client.HasReceived(id)) : 0);
    var deadline = Stopwatch.StartNew();
    var lastChange = Stopwatch.StartNew();
    var missing = Missing();
    while (missing > 0 && lastChange.Elapsed < TimeSpan.FromSeconds(5) && deadline.Elapsed < TimeSpan.FromSeconds(60))
    {
        await Task.Delay(250, stop);
        var now = Missing();
        if (now < missing)
        {
            lastChange.Restart();
        }

        missing = now;
    }

    return missing;
}

static async Task WaitRedisUpAsync(Uri server, CancellationToken stop)
{
    using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(5) };
    var deadline = Stopwatch.StartNew();
    while (!(await http.GetStringAsync("healthz", stop)).Contains("\"redis\":\"up\"", StringComparison.Ordinal))
    {
        if (deadline.Elapsed > TimeSpan.FromSeconds(60))
        {
            throw new TimeoutException($"{server} did not report Redis up within 60 s");
        }

        await Task.Delay(100, stop);
    }
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