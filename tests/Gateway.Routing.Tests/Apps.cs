using System.Globalization;
using System.Text;

namespace Gateway.Routing.Tests;

/// <summary>Small endpoints shared by the tests.</summary>
internal static class Apps
{
    /// <summary>How long a test waits for something the app should do promptly; only reached when a test fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Answers with a text body.</summary>
    public static GatewayApp Text(string text, int status = 200) => async (_, _, send) =>
    {
        await send(new HttpResponseStart(status, [new("content-type", "text/plain; charset=utf-8")]));
        await send(new HttpResponseBody(Encoding.UTF8.GetBytes(text)));
    };

    /// <summary>Answers with the scope's path, root path and path parameters as text:
    /// <c>path|root|name=value:Type,...</c>.</summary>
    public static GatewayApp Describe() => async (scope, _, send) =>
    {
        var text = new StringBuilder();
        text.Append(scope.Path).Append('|').Append(scope.RootPath).Append('|');
        foreach (var pair in scope.PathParameters)
        {
            text.Append(pair.Key).Append('=').Append(Convert.ToString(pair.Value, CultureInfo.InvariantCulture)).Append(':').Append(pair.Value.GetType().Name).Append(',');
        }

        await send(new HttpResponseStart(200, [new("content-type", "text/plain; charset=utf-8")]));
        await send(new HttpResponseBody(Encoding.UTF8.GetBytes(text.ToString())));
    };
}