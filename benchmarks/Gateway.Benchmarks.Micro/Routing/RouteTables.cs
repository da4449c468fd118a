namespace Gateway.Benchmarks.Micro.Routing;

/// <summary>
/// Route templates for the routing benchmarks, in a syntax both routers read: a GitHub-API-like set (literals, one to
/// four parameters, an <c>int</c> constraint, a catch-all) padded with generated resources to the requested size.
/// </summary>
internal static class RouteTables
{
    /// <summary>The literal route every table contains.</summary>
    public const string LiteralPath = "/user/repos";

    /// <summary>A path that needs three parameters (one of them <c>int</c>) in every table.</summary>
    public const string ParameterPath = "/repos/dotnet/runtime/issues/42";

    private static readonly string[] GitHub =
    [
        "/user/repos",
        "/repos/{owner}/{repo}/issues/{number:int}",
        "/user",
        "/user/emails",
        "/user/followers",
        "/user/following",
        "/user/keys",
        "/user/orgs",
        "/user/starred",
        "/user/subscriptions",
        "/users/{username}",
        "/users/{username}/repos",
        "/users/{username}/orgs",
        "/users/{username}/followers",
        "/users/{username}/following/{target}",
        "/orgs/{org}",
        "/orgs/{org}/repos",
        "/orgs/{org}/members",
        "/orgs/{org}/members/{username}",
        "/orgs/{org}/teams",
        "/repos/{owner}/{repo}",
        "/repos/{owner}/{repo}/issues",
        "/repos/{owner}/{repo}/issues/{number:int}/comments",
        "/repos/{owner}/{repo}/issues/{number:int}/labels",
        "/repos/{owner}/{repo}/pulls",
        "/repos/{owner}/{repo}/pulls/{number:int}",
        "/repos/{owner}/{repo}/pulls/{number:int}/files",
        "/repos/{owner}/{repo}/pulls/{number:int}/reviews/{reviewId:long}",
        "/repos/{owner}/{repo}/branches",
        "/repos/{owner}/{repo}/branches/{branch}",
        "/repos/{owner}/{repo}/commits",
        "/repos/{owner}/{repo}/commits/{sha}",
        "/repos/{owner}/{repo}/contents/{*path}",
        "/repos/{owner}/{repo}/releases",
        "/repos/{owner}/{repo}/releases/latest",
        "/repos/{owner}/{repo}/releases/{releaseId:long}",
        "/repos/{owner}/{repo}/tags",
        "/repos/{owner}/{repo}/contributors",
        "/gists",
        "/gists/public",
        "/gists/starred",
        "/gists/{gistId}",
        "/gists/{gistId}/comments",
        "/notifications",
        "/notifications/threads/{threadId:long}",
        "/search/repositories",
        "/search/code",
        "/search/issues",
        "/search/users",
        "/emojis",
    ];

    /// <summary>The first <paramref name="count"/> templates: the GitHub set first, then generated ones.</summary>
    public static string[] Get(int count)
    {
        var templates = new string[count];
        for (var i = 0; i < count; i++)
        {
            templates[i] = i < GitHub.Length ? GitHub[i] : Generated(i - GitHub.Length);
        }

        return templates;
    }

    private static string Generated(int i) => (i % 4) switch
    {
        0 => $"/api/resource{i}",
        1 => $"/api/resource{i}/{{id:int}}",
        2 => $"/api/resource{i}/{{id}}/items/{{itemId:int}}",
        _ => $"/api/v{i % 7}/resource{i}/{{name}}/detail",
    };
}