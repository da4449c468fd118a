using System.Collections.Immutable;

using Gateway.Validation.Generators.Suppression;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Gateway.Validation.Generators.Tests;

/// <summary>The trim analyzer's IL2026 (and the AOT analyzer's IL3050) on a Map call the generator intercepts are
/// suppressed; on a call left to reflection they stay. The SDK's analyzer is stood in for by one that reports, as it
/// does, every call of a member annotated RequiresUnreferencedCode or RequiresDynamicCode.</summary>
public class SuppressorTests
{
    private const string Source = """
        public static class App
        {
            public static void Map(Router router, Delegate handler)
            {
                router.MapGet("/generated", (int id) => id);
                router.MapGet("/reflection", handler);
            }
        }
        """;

    [Fact]
    public async Task Intercepted_calls_lose_their_trim_and_aot_warnings_and_fallbacks_keep_them()
    {
        var run = GeneratorHarness.Run(Source);

        var diagnostics = await run.AnalyzeAsync(new RequiresAnalyzer(), new InterceptedCallSuppressor());

        var byLine = diagnostics.Select(d => (Line: d.Location.GetLineSpan().StartLinePosition.Line, d.Id, d.IsSuppressed)).Order().ToList();
        var generatedLine = byLine.Min(d => d.Line);
        Assert.Equal(
            [(generatedLine, "IL2026", true), (generatedLine, "IL3050", true), (generatedLine + 1, "IL2026", false), (generatedLine + 1, "IL3050", false)],
            byLine);
    }

    [Fact]
    public async Task With_the_generator_switched_off_nothing_is_suppressed()
    {
        var run = GeneratorHarness.Run(Source, generate: false);

        var diagnostics = await run.AnalyzeAsync(new RequiresAnalyzer(), new InterceptedCallSuppressor());

        Assert.Equal(4, diagnostics.Length);
        Assert.DoesNotContain(diagnostics, d => d.IsSuppressed);
    }

    [Fact]
    public void The_suppressor_is_declared_for_the_two_ids_only()
    {
        Assert.Equal(["IL2026", "IL3050"], new InterceptedCallSuppressor().SupportedSuppressions.Select(s => s.SuppressedDiagnosticId));
    }

    /// <summary>Reports IL2026/IL3050 at calls of annotated members, with the member named as the SDK's analyzer names it.</summary>
    // A test double run in-process by the tests, never loaded by a compiler: the rules for shipped analyzers (target
    // framework, release tracking) do not apply.
#pragma warning disable RS1036, RS1041, RS2008
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class RequiresAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor UnreferencedCode = new("IL2026", "Requires unreferenced code", "Using member '{0}' which has 'RequiresUnreferencedCodeAttribute'", "Trimming", DiagnosticSeverity.Warning, true);
        private static readonly DiagnosticDescriptor DynamicCode = new("IL3050", "Requires dynamic code", "Using member '{0}' which has 'RequiresDynamicCodeAttribute'", "AOT", DiagnosticSeverity.Warning, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [UnreferencedCode, DynamicCode];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(Report, OperationKind.Invocation);
        }

        private static void Report(OperationAnalysisContext context)
        {
            var method = ((IInvocationOperation)context.Operation).TargetMethod;
            var member = $"{method.ContainingType.ToDisplayString()}.{method.Name}";
            foreach (var attribute in method.GetAttributes())
            {
                var descriptor = attribute.AttributeClass?.Name switch
                {
                    "RequiresUnreferencedCodeAttribute" => UnreferencedCode,
                    "RequiresDynamicCodeAttribute" => DynamicCode,
                    _ => null,
                };
                if (descriptor is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, context.Operation.Syntax.GetLocation(), member));
                }
            }
        }
    }
#pragma warning restore RS1036, RS1041, RS2008
}
