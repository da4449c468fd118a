namespace Gateway.Samples.Chat.Api;

/// <summary>The page at <c>/</c> until the web UI lands: where to go next.</summary>
internal static class StartPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <meta charset="utf-8">
        <title>Gateway chat</title>
        <h1>Gateway chat</h1>
        <p>The chat's HTTP API and its WebSocket protocol are running.</p>
        <ul>
          <li><a href="/docs">/docs</a> — the API, described by OpenAPI</li>
          <li><a href="/healthz">/healthz</a> — health</li>
          <li><a href="/metrics">/metrics</a> — Prometheus metrics</li>
          <li><code>/ws</code> — the WebSocket protocol (see the sample's README)</li>
        </ul>
        </html>
        """;
}