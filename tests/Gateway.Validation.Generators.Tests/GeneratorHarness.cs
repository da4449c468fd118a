using System.Collections.Immutable;

using Gateway.Validation.Generators;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Gateway.Validation.Generators.Tests;

/// <summary>Runs <see cref="HandlerGenerator"/> over one source file compiled against the real Gateway.Validation, as a
/// consumer's build would, and returns what it emitted, what it reported, and the compiler's diagnostics for the whole
/// result (generated code included).</summary>
internal static class GeneratorHarness
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel.DataAnnotations;
        using System.Threading;
        using System.Threading.Tasks;
        using Gateway;
        using Gateway.Routing;
        using Gateway.Validation;

        """;

    private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest)
        .WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", "Gateway.Generated")]);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        foreach (var local in new[] { "Gateway.Abstractions.dll", "Gateway.Routing.dll", "Gateway.Validation.dll", "Microsoft.Extensions.DependencyInjection.Abstractions.dll" })
        {
            paths.Add(Path.Combine(AppContext.BaseDirectory, local));
        }

        return [.. paths.Distinct(StringComparer.Ordinal).Where(File.Exists).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    public static GeneratorRun Run(string source, bool generate = true, bool publishAot = false)
    {
        var tree = CSharpSyntaxTree.ParseText(Usings + source, ParseOptions, path: "Program.cs");
        var compilation = CSharpCompilation.Create(
            "Consumer",
            [tree],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var options = new OptionsProvider(new Dictionary<string, string>
        {
            ["build_property.GatewayGenerateHandlers"] = generate ? "true" : "false",
            ["build_property.PublishAot"] = publishAot ? "true" : "false",
        });
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new HandlerGenerator().AsSourceGenerator()], parseOptions: ParseOptions, optionsProvider: options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult();
        var generated = result.GeneratedTrees.Length == 0 ? null : result.GeneratedTrees[0].GetText().ToString();
        return new GeneratorRun(generated, result.Diagnostics, output.GetDiagnostics(), output, options);
    }

    /// <summary>Runs the generator over <paramref name="source"/>, then again after adding an unrelated file, with step
    /// tracking on; returns the second run's result.</summary>
    public static GeneratorDriverRunResult RunTwiceWithUnrelatedEdit(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(Usings + source, ParseOptions, path: "Program.cs");
        var compilation = CSharpCompilation.Create(
            "Consumer",
            [tree],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new HandlerGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public static class Unrelated { public static int Value => 1; }", ParseOptions, path: "Unrelated.cs"));
        return driver.RunGenerators(edited).GetRunResult();
    }

    /// <summary>Compares <paramref name="actual"/> with Snapshots/<paramref name="name"/>.g.cs exactly. With
    /// GATEWAY_UPDATE_SNAPSHOTS=1 the snapshot is rewritten instead (then review the diff and commit it).</summary>
    /// <remarks>The folder is found from the test's output directory, not from the caller's file path: a CI build
    /// (ContinuousIntegrationBuild) maps source paths to <c>/_/</c>.</remarks>
    public static void MatchSnapshot(string name, string actual)
    {
        var path = Path.Combine(RepositoryRoot(), "tests", "Gateway.Validation.Generators.Tests", "Snapshots", name + ".g.cs");
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("GATEWAY_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No snapshot {path}: run with GATEWAY_UPDATE_SNAPSHOTS=1 to write it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Gateway.slnx) is not above " + AppContext.BaseDirectory);
    }

    private sealed class OptionsProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

/// <summary>One generator run: the emitted source (null when nothing was emitted), the generator's diagnostics, and
/// the compiler's diagnostics for the compilation with the generated code.</summary>
internal sealed record GeneratorRun(
    string? Generated,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> CompilationDiagnostics,
    Compilation Output,
    AnalyzerConfigOptionsProvider Options)
{
    /// <summary>Runs <paramref name="analyzers"/> over the output compilation and returns their diagnostics, suppressed
    /// ones included (marked <see cref="Diagnostic.IsSuppressed"/>).</summary>
    public async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(params DiagnosticAnalyzer[] analyzers)
    {
        var withAnalyzers = Output.WithAnalyzers(
            [.. analyzers],
            new CompilationWithAnalyzersOptions(new AnalyzerOptions([], Options), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true));
        return await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>The compiler's warnings and errors (hidden and informational ones left out).</summary>
    public IEnumerable<Diagnostic> Problems => CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning);
}
