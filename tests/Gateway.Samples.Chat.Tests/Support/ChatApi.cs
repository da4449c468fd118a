using System.Net.Http.Json;
using System.Text.Json;

namespace Gateway.Samples.Chat.Tests.Support;

/// <summary>HTTP set-up for socket tests.</summary>
internal static class ChatApi
{
    public static async Task<long> CreateRoomAsync(this ChatHost host, string access, string name)
    {
        using var response = await host.Http.SendAsync(ChatHost.Authorized(HttpMethod.Post, "api/rooms", access, new { name }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public static async Task JoinAsync(this ChatHost host, string access, long roomId)
    {
        using var response = await host.Http.SendAsync(ChatHost.Authorized(HttpMethod.Post, $"api/rooms/{roomId}/join", access));
        response.EnsureSuccessStatusCode();
    }

    public static async Task<JsonElement> GetJsonAsync(this ChatHost host, string access, string path)
    {
        using var response = await host.Http.SendAsync(ChatHost.Authorized(HttpMethod.Get, path, access));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}