using Microsoft.CodeAnalysis;

namespace Gateway.Validation.Generators.Tests;

/// <summary>Each GWV diagnostic where its case arises: the call is then not intercepted (nothing emitted for it) and
/// the code still compiles on the reflection path. Informational under the JIT, a warning when publishing Native AOT.</summary>
public class DiagnosticTests
{
    [Theory]
    [InlineData("GWV001", """
        public static class App
        {
            public static void Map(Router router, Delegate handler) => router.MapGet("/", handler);
        }
        """)]
    [InlineData("GWV002", """
        public static class App
        {
            private delegate int ByRef(ref int value);

            public static void Map(Router router) => router.MapGet("/", (ref int value) => value);
        }
        """)]
    [InlineData("GWV003", """
        public static class App
        {
            private sealed class EvenAttribute : ValidationAttribute
            {
                public override bool IsValid(object? value) => value is int number && number % 2 == 0;
            }

            public static void Map(Router router) => router.MapGet("/", ([Even] int number) => number);
        }
        """)]
    [InlineData("GWV004", """
        file sealed class Secret
        {
            public int Id { get; init; }
        }

        public static class App
        {
            public static void Map(Router router) => router.MapGet("/", (int id) => new Secret { Id = id });
        }
        """)]
    [InlineData("GWV005", """
        public static class Extensions
        {
            public static string Greet(this string greeting, string name) => greeting + name;
        }

        public static class App
        {
            public static void Map(Router router) => router.MapGet("/", "hello ".Greet);
        }
        """)]
    public void A_call_the_generator_cannot_reproduce_is_left_to_reflection_with_its_diagnostic(string id, string source)
    {
        var run = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal("Program.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.StartsWith("https://github.com/gateway-dotnet/gateway/blob/main/src/Gateway.Validation/README.md#" + id.ToLowerInvariant(), diagnostic.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.Null(run.Generated);
        Assert.DoesNotContain(run.Problems, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData(false, DiagnosticSeverity.Info)]
    [InlineData(true, DiagnosticSeverity.Warning)]
    public void A_body_type_it_cannot_model_is_still_intercepted_with_GWV006(bool publishAot, DiagnosticSeverity severity)
    {
        var run = GeneratorHarness.Run("""
            public static class App
            {
                private sealed class EvenAttribute : ValidationAttribute
                {
                    public override bool IsValid(object? value) => value is int number && number % 2 == 0;
                }

                public sealed record Body([Even] int Count);

                public static void Map(Router router) => router.MapPost("/", (Body body) => body.Count);
            }
            """, publishAot: publishAot);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(("GWV006", severity), (diagnostic.Id, diagnostic.Severity));
        Assert.Contains("EvenAttribute", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.NotNull(run.Generated);
        Assert.DoesNotContain(run.Problems, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData(false, DiagnosticSeverity.Info)]
    [InlineData(true, DiagnosticSeverity.Warning)]
    public void A_handler_returning_an_anonymous_type_is_intercepted_generic_over_it_with_GWV006(bool publishAot, DiagnosticSeverity severity)
    {
        var run = GeneratorHarness.Run("""
            public static class App
            {
                public static void Map(Router router)
                {
                    router.MapGet("/items/{id}", (int id, string? q) => new { id, q, tags = new { first = "a" } });
                    router.MapGet("/later/{id}", async (int id) => { await Task.Yield(); return new { id }; });
                }
            }
            """, publishAot: publishAot);

        // Intercepted, and it compiles: the witness lambdas make the same anonymous types as the handlers.
        Assert.NotNull(run.Generated);
        Assert.DoesNotContain(run.Problems, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Contains("MapGet0Typed(__builder, __pattern, __handler, __options, static () => new { id = default(int)!, q = default(string)!, tags = new { first = default(string)! } });", run.Generated, StringComparison.Ordinal);
        Assert.Contains("__endpoint.Result<global::System.Threading.Tasks.Task<__TAnonymous>>(", run.Generated, StringComparison.Ordinal);
        // Its JSON and schema need reflection: said once per handler, a warning when publishing Native AOT.
        Assert.Equal(2, run.GeneratorDiagnostics.Length);
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal(("GWV006", severity), (d.Id, d.Severity)));
    }

    [Fact]
    public void Under_native_aot_a_fallback_is_a_warning()
    {
        var run = GeneratorHarness.Run("""
            public static class App
            {
                public static void Map(Router router, Delegate handler) => router.MapGet("/", handler);
            }
            """, publishAot: true);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(("GWV001", DiagnosticSeverity.Warning), (diagnostic.Id, diagnostic.Severity));
    }

    [Fact]
    public void GatewayGenerateHandlers_false_turns_the_generator_off()
    {
        const string Source = """
            public static class App
            {
                public static void Map(Router router, Delegate handler)
                {
                    router.MapGet("/", (int id) => id);
                    router.MapGet("/other", handler);
                }
            }
            """;

        var off = GeneratorHarness.Run(Source, generate: false);
        var on = GeneratorHarness.Run(Source);

        Assert.Null(off.Generated);
        Assert.Empty(off.GeneratorDiagnostics);
        Assert.NotNull(on.Generated);
        Assert.Equal("GWV001", Assert.Single(on.GeneratorDiagnostics).Id);
    }

    [Fact]
    public void Calls_of_other_Map_methods_are_not_touched()
    {
        var run = GeneratorHarness.Run("""
            public static class App
            {
                public static void Map(Router router) => router.MapGet("/", (Scope scope, Receive receive, Send send) => ValueTask.CompletedTask);
            }
            """);

        Assert.Null(run.Generated);
        Assert.Empty(run.GeneratorDiagnostics);
    }
}
