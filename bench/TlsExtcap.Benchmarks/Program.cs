using BenchmarkDotNet.Running;

// Micro-benchmarks of the hot paths (issue 6). Run: dotnet run -c Release --project bench/TlsExtcap.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
