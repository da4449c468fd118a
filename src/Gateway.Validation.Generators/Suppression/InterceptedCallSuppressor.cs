using System;
using System.Collections.Immutable;

using Gateway.Validation.Generators.Analysis;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Gateway.Validation.Generators.Suppression
{
    /// <summary>
    /// Suppresses the trim and AOT analyzers' IL2026 and IL3050 on <c>Map*</c> calls that <see cref="HandlerGenerator"/>
    /// intercepts. The analyzers see the call as written, a call of the reflection-based method; the compiled program
    /// calls the generated interceptor instead, which never reaches it. The Roslyn trim analyzer does not follow
    /// interceptors yet, so generators that intercept annotated methods (ASP.NET Core's request delegate generator,
    /// the configuration binder's) suppress the same way. A call the generator leaves to reflection keeps its warnings.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class InterceptedCallSuppressor : DiagnosticSuppressor
    {
        private const string Justification = "The Map call is intercepted by Gateway.Validation's generated code, which does not use reflection over the handler.";

        internal static readonly SuppressionDescriptor UnreferencedCode = new("GWVSPR001", "IL2026", Justification);
        internal static readonly SuppressionDescriptor DynamicCode = new("GWVSPR002", "IL3050", Justification);

        /// <inheritdoc />
        public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = ImmutableArray.Create(UnreferencedCode, DynamicCode);

        /// <inheritdoc />
        public override void ReportSuppressions(SuppressionAnalysisContext context)
        {
            var options = context.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            if (options.TryGetValue("build_property.GatewayGenerateHandlers", out var generate)
                && string.Equals(generate.Trim(), "false", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            foreach (var diagnostic in context.ReportedDiagnostics)
            {
                var descriptor = diagnostic.Id == UnreferencedCode.SuppressedDiagnosticId ? UnreferencedCode : DynamicCode;
                if (diagnostic.Location.SourceTree is not { } tree
                    || !diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains(HandlerCallAnalyzer.ExtensionsType + ".Map"))
                {
                    continue;
                }

                var node = tree.GetRoot(context.CancellationToken).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var invocation = node as InvocationExpressionSyntax ?? node.Parent as InvocationExpressionSyntax;
                if (invocation is null || !HandlerCallAnalyzer.IsCandidate(invocation))
                {
                    continue;
                }

                var analysis = HandlerCallAnalyzer.Analyze(context.GetSemanticModel(tree), invocation, context.CancellationToken);
                if (analysis?.Call is not null)
                {
                    context.ReportSuppression(Microsoft.CodeAnalysis.Diagnostics.Suppression.Create(descriptor, diagnostic));
                }
            }
        }
    }
}
