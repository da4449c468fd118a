namespace Gateway.Benchmarks.Kestrel;

/// <summary>
/// The <c>minimal</c> Kestrel peer: Minimal APIs with routing and .NET 10 validation (<c>AddValidation()</c>,
/// DataAnnotations on <see cref="ValidatedUserInput"/>). Validation problems are answered 422, as the other servers do,
/// instead of the framework's default 400.
/// </summary>
internal static class MinimalApp
{
    /// <summary>Adds validation, and problem details that turn a validation failure into a 422.</summary>
    /// <param name="services">The app's services.</param>
    public static void ConfigureServices(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, MinimalJsonContext.Default));
        services.AddValidation();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails is HttpValidationProblemDetails)
            {
                context.ProblemDetails.Status = StatusCodes.Status422UnprocessableEntity;
                context.HttpContext.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            }
        });
    }

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The app.</param>
    public static void Map(WebApplication app)
    {
        app.MapGet("/plaintext", static () => "Hello, World!");
        app.MapGet("/json", static () => new HelloMessage("Hello, World!"));
        app.MapPost("/echo", static async (HttpContext context) =>
        {
            context.Response.ContentType = "application/octet-stream";
            if (context.Request.ContentLength is { } length)
            {
                context.Response.ContentLength = length;
            }

            await context.Request.BodyReader.CopyToAsync(context.Response.BodyWriter);
        });
        app.MapPost("/users", static (ValidatedUserInput input) =>
            TypedResults.Json(new User(1, input.Name!, input.Age!.Value), statusCode: StatusCodes.Status201Created));
        app.MapGet("/users/{id:int}", static (int id) => new User(id, "alice", 30));
        app.Map("/ws/echo", WebSocketEcho.HandleAsync);
    }
}