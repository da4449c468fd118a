using Microsoft.CodeAnalysis;

namespace Gateway.Validation.Generators.Tests;

/// <summary>An edit that touches no Map call reuses the analysis of every call and the emitted source: the pipeline's
/// models compare by value, so the generator costs nothing per keystroke elsewhere.</summary>
public class IncrementalityTests
{
    [Fact]
    public void An_unrelated_edit_reuses_every_analysis_and_the_output()
    {
        var result = GeneratorHarness.RunTwiceWithUnrelatedEdit("""
            public static class App
            {
                public static void Map(Router router, Delegate handler)
                {
                    router.MapGet("/items/{id:int}", (int id, string? q) => $"{id}{q}");
                    router.MapGet("/other", handler);
                }
            }
            """);

        var run = Assert.Single(result.Results);
        var calls = run.TrackedSteps[Gateway.Validation.Generators.HandlerGenerator.CallsStep];
        Assert.NotEmpty(calls);
        Assert.All(calls.SelectMany(step => step.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        Assert.All(run.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }
}
