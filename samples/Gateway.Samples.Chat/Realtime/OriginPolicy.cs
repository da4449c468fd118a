namespace Gateway.Samples.Chat.Realtime;

/// <summary>
/// Which handshakes may open the chat's WebSocket: a browser always sends <c>Origin</c>, and one outside
/// <c>Chat:AllowedOrigins</c> is refused (403) so another site cannot ride a user's browser into the chat
/// (cross-site WebSocket hijacking). No <c>Origin</c> at all is a non-browser client (a CLI, a bot): allowed, since it
/// must authenticate with a token anyway.
/// </summary>
internal sealed class OriginPolicy(IReadOnlyList<string> allowedOrigins)
{
    /// <summary>Whether a handshake with this <c>Origin</c> header (null when absent) may proceed.</summary>
    public bool Allows(string? origin)
    {
        if (origin is null)
        {
            return true;
        }

        var trimmed = origin.Trim().TrimEnd('/');
        foreach (var allowed in allowedOrigins)
        {
            if (string.Equals(allowed.TrimEnd('/'), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}