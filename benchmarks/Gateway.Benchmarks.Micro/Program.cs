using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. `-- --filter '*Http1Parser*'`; every class carries [MemoryDiagnoser].
// `-- --interleaved ValidationBenchmarks --methods Post` compares one class's benchmarks in interleaved rounds instead.
if (!Gateway.Benchmarks.Micro.Interleaved.TryRun(args))
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
