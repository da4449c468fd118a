using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

using Gateway.Samples.Chat.Configuration;
using Gateway.Server;
using Gateway.Testing;

namespace Gateway.Samples.Chat.Tests.Support;

/// <summary>
/// The whole chat (services, app, a Gateway server on a free 127.0.0.1 port) over a temporary data directory, for
/// end-to-end tests through real sockets (<see cref="Http"/>, <see cref="WebSocketUri"/>) or in process
/// (<see cref="InProcess"/>). Disposing stops the server and deletes the directory.
/// </summary>
internal sealed class ChatHost : IAsyncDisposable
{
    private readonly string _directory;
    private readonly bool _ownsDirectory;

    private ChatHost(string directory, bool ownsDirectory, ChatServices services, ChatApp app, GatewayServer server)
    {
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        Services = services;
        App = app;
        Server = server;
        BaseUri = new Uri(server.Urls[0] + "/");
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        InProcess = new TestClient(app.Router);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public ChatServices Services { get; }

    public ChatApp App { get; }

    public GatewayServer Server { get; }

    public Uri BaseUri { get; }

    /// <summary>An HttpClient over the real socket.</summary>
    public HttpClient Http { get; }

    /// <summary>A TestClient over the same app, without sockets.</summary>
    public TestClient InProcess { get; }

    public Uri WebSocketUri => new($"ws://{BaseUri.Authority}/ws");

    /// <summary>The origin the chat allows by default (that of its own listen address).</summary>
    public string Origin => $"http://{BaseUri.Authority}";

    /// <summary>Starts the chat on SQLite in <paramref name="directory"/> (a new temporary one when null), with extra
    /// configuration such as <c>--Chat:Database:Provider=postgres</c>.</summary>
    public static async Task<ChatHost> StartAsync(string? directory = null, params string[] arguments)
    {
        var owns = directory is null;
        directory ??= Directory.CreateTempSubdirectory("chat-host-").FullName;
        var port = FreePort();
        string[] args = [$"--Chat:DataDirectory={directory}", $"--Chat:Listen=http://127.0.0.1:{port}", .. arguments];
        var options = ChatOptionsReader.Read(ChatConfiguration.Build(args, directory), directory);
        var services = await ChatServices.StartAsync(options, TimeProvider.System);
        var app = new ChatApp(services);
        var server = new GatewayServer(app.Router, ChatHosting.ServerOptions(options));
        await server.StartAsync();
        return new ChatHost(directory, owns, services, app, server);
    }

    /// <summary>Registers and logs in a user; returns the access and refresh tokens.</summary>
    public async Task<(string Access, string Refresh)> SignUpAsync(string username, string password = "correct horse")
    {
        var registered = await Http.PostAsJsonAsync("api/auth/register", new { username, password }, Json);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var login = await Http.PostAsJsonAsync("api/auth/login", new { username, password }, Json);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        return (tokens.GetProperty("access_token").GetString()!, tokens.GetProperty("refresh_token").GetString()!);
    }

    /// <summary>A request with a bearer token.</summary>
    public static HttpRequestMessage Authorized(HttpMethod method, string path, string access, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        if (json is not null)
        {
            request.Content = JsonContent.Create(json, options: Json);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await InProcess.DisposeAsync();
        await App.Sockets.ShutdownAsync(TimeSpan.FromSeconds(5));
        await Server.DisposeAsync();
        App.Dispose();
        await Services.DisposeAsync();
        if (_ownsDirectory)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still closing; the temporary directory is left for the OS to clean.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}