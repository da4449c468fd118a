using System;
using System.Collections.Generic;
using System.Collections.Immutable;

using Gateway.Validation.Generators.Analysis;
using Gateway.Validation.Generators.Diagnostics;
using Gateway.Validation.Generators.Emit;
using Gateway.Validation.Generators.Model;

using Microsoft.CodeAnalysis;

namespace Gateway.Validation.Generators
{
    /// <summary>
    /// Intercepts <c>MapGet</c>, <c>MapPost</c>, <c>MapPut</c>, <c>MapPatch</c>, <c>MapDelete</c>, <c>MapHandler</c> and
    /// <c>MapWebSocket</c> calls of Gateway.Validation whose handler is a lambda or method group, replacing the
    /// reflection-built plan with one described at compile time (see <c>Gateway.Validation.Generated</c>). The MSBuild
    /// property <c>GatewayGenerateHandlers=false</c> turns it off; calls it cannot intercept keep the reflection path and
    /// get a GWV diagnostic (a warning when the project publishes Native AOT).
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class HandlerGenerator : IIncrementalGenerator
    {
        /// <summary>The name of the pipeline step that analyzes Map calls (for incrementality tests).</summary>
        internal const string CallsStep = "GatewayHandlerCalls";

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var settings = context.AnalyzerConfigOptionsProvider.Select(static (provider, _) =>
            {
                provider.GlobalOptions.TryGetValue("build_property.GatewayGenerateHandlers", out var generate);
                provider.GlobalOptions.TryGetValue("build_property.PublishAot", out var publishAot);
                return new GeneratorSettings(
                    !string.Equals(generate?.Trim(), "false", StringComparison.OrdinalIgnoreCase),
                    string.Equals(publishAot?.Trim(), "true", StringComparison.OrdinalIgnoreCase));
            });

            var calls = context.SyntaxProvider
                .CreateSyntaxProvider(static (node, _) => HandlerCallAnalyzer.IsCandidate(node), HandlerCallAnalyzer.Analyze)
                .Where(static analysis => analysis is not null)
                .WithTrackingName(CallsStep)
                .Collect();

            context.RegisterSourceOutput(calls.Combine(settings), static (output, input) => Produce(output, input.Left!, input.Right));
        }

        private static void Produce(SourceProductionContext output, ImmutableArray<CallAnalysis?> analyses, GeneratorSettings settings)
        {
            if (!settings.Enabled)
            {
                return;
            }

            var intercepted = new List<InterceptedCall>();
            foreach (var analysis in analyses)
            {
                if (analysis?.Call is { } call)
                {
                    intercepted.Add(call);
                    foreach (var warning in analysis.Warnings)
                    {
                        Report(output, warning, settings);
                    }
                }
                else if (analysis?.Diagnostic is { } diagnostic)
                {
                    Report(output, diagnostic, settings);
                }
            }

            if (intercepted.Count > 0)
            {
                output.AddSource("GatewayHandlerInterceptors.g.cs", InterceptorEmitter.Emit(intercepted));
            }
        }

        private static void Report(SourceProductionContext output, DiagnosticInfo diagnostic, GeneratorSettings settings)
        {
            if (GeneratorDiagnostics.Find(diagnostic.Id) is { } descriptor)
            {
                // Under Native AOT the reflection path is not safe: what is informational under the JIT is a warning there.
                var severity = settings.PublishAot ? DiagnosticSeverity.Warning : descriptor.DefaultSeverity;
                output.ReportDiagnostic(Diagnostic.Create(descriptor, diagnostic.ToLocation(), severity, null, null, diagnostic.Argument0, diagnostic.Argument1));
            }
        }

        private sealed record GeneratorSettings(bool Enabled, bool PublishAot);
    }
}
