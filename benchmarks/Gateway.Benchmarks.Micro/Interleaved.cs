using System.Diagnostics;
using System.Globalization;
using System.Reflection;

using BenchmarkDotNet.Attributes;

namespace Gateway.Benchmarks.Micro;

/// <summary>
/// Runs the benchmarks of one class in interleaved rounds, for comparisons on a shared machine: BenchmarkDotNet measures
/// one benchmark after the other, so a neighbour's burst lands on whichever runs then, while here every round runs each
/// benchmark once (in a rotating order) and the ratios are taken within the round.
/// <c>--interleaved ValidationBenchmarks [--methods Post] [--baseline AspNet] [--rounds 40] [--ops 100000] [--warmup 15]</c>;
/// the ratios are to the benchmark whose method name contains the baseline (the first one by default).
/// </summary>
internal static class Interleaved
{
    public static bool TryRun(string[] args)
    {
        var at = Array.IndexOf(args, "--interleaved");
        if (at < 0)
        {
            return false;
        }

        var className = args[at + 1];
        var methodFilter = Option(args, "--methods");
        var rounds = int.Parse(Option(args, "--rounds") ?? "40", CultureInfo.InvariantCulture);
        var ops = int.Parse(Option(args, "--ops") ?? "100000", CultureInfo.InvariantCulture);
        var warmup = TimeSpan.FromSeconds(double.Parse(Option(args, "--warmup") ?? "15", CultureInfo.InvariantCulture));
        var baselineName = Option(args, "--baseline");

        var type = typeof(Interleaved).Assembly.GetTypes().Single(t => t.Name == className);
        var instance = Activator.CreateInstance(type)!;
        foreach (var setup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null))
        {
            setup.Invoke(instance, null);
        }

        var benchmarks = type.GetMethods()
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null && (methodFilter is null || m.Name.Contains(methodFilter, StringComparison.Ordinal)))
            .Select(m => (Method: m.Name, Name: m.GetCustomAttribute<BenchmarkAttribute>()!.Description ?? m.Name, Run: Runner(instance, m)))
            .ToArray();
        var baseline = baselineName is null ? 0 : Array.FindIndex(benchmarks, b => b.Method.Contains(baselineName, StringComparison.Ordinal));
        if (baseline < 0)
        {
            throw new ArgumentException($"No benchmark method contains '{baselineName}'.");
        }

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < warmup)
        {
            foreach (var benchmark in benchmarks)
            {
                Measure(benchmark.Run, ops / 10);
            }
        }

        var perOp = benchmarks.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < benchmarks.Length; k++)
            {
                var i = (round + k) % benchmarks.Length;
                perOp[i].Add(Measure(benchmarks[i].Run, ops));
            }
        }

        Console.WriteLine($"{rounds} interleaved rounds of {ops:N0} operations each, after {warmup.TotalSeconds:N0} s of warm-up; ratio: the median of the per-round ratios to {benchmarks[baseline].Name}.");
        Console.WriteLine("| Benchmark | median ns/op | min | max | ratio |");
        Console.WriteLine("|---|--:|--:|--:|--:|");
        for (var i = 0; i < benchmarks.Length; i++)
        {
            var ratios = perOp[i].Select((value, round) => value / perOp[baseline][round]).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {benchmarks[i].Name} | {Median(perOp[i]):N0} | {perOp[i].Min():N0} | {perOp[i].Max():N0} | {Median(ratios):N2} |"));
        }

        if (type.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<GlobalCleanupAttribute>() is not null) is { } cleanup)
        {
            cleanup.Invoke(instance, null);
        }

        return true;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static Action Runner(object instance, MethodInfo method)
    {
        if (method.ReturnType == typeof(ValueTask))
        {
            var run = method.CreateDelegate<Func<ValueTask>>(instance);
            return () =>
            {
                var task = run();
                if (!task.IsCompletedSuccessfully)
                {
                    task.AsTask().GetAwaiter().GetResult();
                }
            };
        }

        if (method.ReturnType == typeof(Task))
        {
            var run = method.CreateDelegate<Func<Task>>(instance);
            return () => run().GetAwaiter().GetResult();
        }

        var call = method.CreateDelegate<Action>(instance);
        return call;
    }

    private static double Measure(Action run, int ops)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < ops; i++)
        {
            run();
        }

        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / ops;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
