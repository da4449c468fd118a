using Gateway.Routing;
using Gateway.Samples.Chat.Auth;

namespace Gateway.Samples.Chat.Api;

/// <summary>
/// Requires <c>Authorization: Bearer ACCESS</c> on every route of the group it wraps: a valid access token stores the
/// <see cref="ChatCaller"/> in the request's state; anything else is a 401 problem with <c>www-authenticate: Bearer</c>
/// (RFC 6750), the same answer whatever was wrong, so the reason is only in the metrics.
/// </summary>
internal static class BearerAuthentication
{
    public static Middleware Create(AuthService auth) => next => async (scope, receive, send) =>
    {
        if (scope.Type != ScopeType.Http)
        {
            await next(scope, receive, send);
            return;
        }

        var token = Token(scope.Headers.GetValue("authorization"));
        var validation = token is null ? AccessTokenValidation.Fail("missing") : await auth.ValidateAccessTokenAsync(token);
        if (!validation.IsValid)
        {
            await Results.Unauthorized("A valid bearer access token is required.").Invoke(scope, receive, send);
            return;
        }

        scope.State[ChatCaller.StateKey] = new ChatCaller(validation.UserId, validation.Username);
        await next(scope, receive, send);
    };

    private static string? Token(string? header) =>
        header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
}