namespace Gateway.Validation.OpenApi;

/// <summary>Route metadata marking routes the OpenAPI document leaves out (its own).</summary>
internal sealed class OpenApiExcluded
{
    public static readonly OpenApiExcluded Instance = new();
}