using Gateway.Routing;

namespace Gateway.Samples.Chat.Observability;

/// <summary>
/// <c>GET /healthz</c>: 503 when the database does not answer (the instance cannot store, so a balancer should take
/// it out); otherwise 200 with <c>{"status":"ok","database","instance"}</c>, plus <c>"redis":"up"|"down"</c> with
/// <c>Chat:Redis</c>. Redis down is <c>"status":"degraded"</c> but still 200: the instance keeps serving its own
/// clients, every instance loses Redis together, and taking them all out of rotation would turn a degraded chat into
/// none. <c>chat_redis_up</c> in <c>/metrics</c> is the same fact as a gauge, for alerting.
/// </summary>
internal static class HealthEndpoint
{
    /// <summary>The answer for the current state of <paramref name="services"/>.</summary>
    public static async Task<Response> CheckAsync(ChatServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!await services.Store.PingAsync(cancellationToken))
        {
            return Results.Problem(503, "The database is not reachable.");
        }

        if (services.Redis is not { } redis)
        {
            return Results.Ok(new { status = "ok", database = services.Store.ProviderName, instance = services.InstanceId });
        }

        var live = redis.IsLive;
        return Results.Ok(new { status = live ? "ok" : "degraded", database = services.Store.ProviderName, redis = live ? "up" : "down", instance = services.InstanceId });
    }
}