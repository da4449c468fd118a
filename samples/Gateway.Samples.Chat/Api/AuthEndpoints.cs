using System.Globalization;
using System.Net;

using Gateway.Routing;
using Gateway.Samples.Chat.Auth;

namespace Gateway.Samples.Chat.Api;

/// <summary><c>/api/auth</c>: register, log in, rotate refresh tokens, log out, list and revoke sessions.</summary>
internal static class AuthEndpoints
{
    public static void Map(IRouteBuilder api, AuthService auth, Middleware requireBearer)
    {
        var group = api.MapGroup("/auth");
        group.MapPost("/register", async (Credentials body, CancellationToken aborted) =>
        {
            var result = await auth.RegisterAsync(body.Username, body.Password, aborted);
            return result.Status switch
            {
                RegisterStatus.Registered => Results.Created($"/api/users/{result.User!.Username}", new UserCreated(result.User.Id, result.User.Username)),
                RegisterStatus.UsernameTaken => Results.Conflict("The username is taken."),
                _ => Results.ValidationProblem([new ValidationError(["body", result.Field ?? "username"], "value_error", $"Value error, {result.Field} {result.Error}")]),
            };
        }).Produces<UserCreated>(201).ProducesProblem(409);

        group.MapPost("/login", async (Credentials body, Request request, [FromHeader] string? userAgent, CancellationToken aborted) =>
        {
            var result = await auth.LoginAsync(body.Username, body.Password, ClientAddress(request), userAgent ?? string.Empty, aborted);
            return result.Status switch
            {
                LoginStatus.Succeeded => Results.Ok(Tokens(result.Tokens!)),
                LoginStatus.RateLimited => new ProblemResponse(
                    new ProblemDetails(429) { Detail = "Too many failed logins; try again later." },
                    [new Header("retry-after", Math.Max(1, (int)Math.Ceiling(result.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture))]),
                _ => Results.Unauthorized("The username or password is wrong."),
            };
        }).Produces<TokenResponse>(200).ProducesProblem(401).ProducesProblem(429);

        group.MapPost("/refresh", async (RefreshRequest body, CancellationToken aborted) =>
        {
            var result = await auth.RefreshAsync(body.RefreshToken, aborted);
            return result.Status == RefreshStatus.Succeeded
                ? Results.Ok(Tokens(result.Tokens!))
                : Results.Unauthorized("The refresh token is not valid.");
        }).Produces<TokenResponse>(200).ProducesProblem(401);

        group.MapPost("/logout", async (RefreshRequest body, CancellationToken aborted) =>
        {
            await auth.LogoutAsync(body.RefreshToken, aborted);
        });

        group.MapGet("/sessions", async ([FromState] ChatCaller caller, CancellationToken aborted) =>
        {
            var families = await auth.ListSessionsAsync(caller.UserId, aborted);
            var views = new List<SessionView>(families.Count);
            foreach (var family in families)
            {
                views.Add(new SessionView(family.Id, family.CreatedAt, family.LastUsedAt, family.UserAgent));
            }

            return views;
        }).Use(requireBearer);
        group.MapDelete("/sessions/{id:long}", async (long id, [FromState] ChatCaller caller, CancellationToken aborted) =>
            await auth.RevokeSessionAsync(caller.UserId, id, aborted) ? Results.NoContent() : Results.NotFound("No such session."))
            .Use(requireBearer).Produces(204, null).ProducesProblem(404);
    }

    private static TokenResponse Tokens(TokenPair pair) => new(pair.AccessToken, pair.RefreshToken, TokenPair.TokenType, TokenPair.ExpiresInSeconds);

    // The rate limit is per username and address; behind nginx the server's forwarded-header trust decides the address.
    private static string ClientAddress(Request request) => request.Client switch
    {
        IPEndPoint ip => ip.Address.ToString(),
        { } other => other.ToString() ?? "unknown",
        null => "local",
    };
}