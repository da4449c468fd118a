using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. `-- --filter '*Http1Parser*'`; every class carries [MemoryDiagnoser].
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);