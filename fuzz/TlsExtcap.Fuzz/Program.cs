using System.Diagnostics;
using System.Security.Cryptography;
using TlsExtcap.Fuzz;

// tlsextcap-fuzz <target|all> <count> [--seed N] [--findings DIR]
// A bounded, seeded random-mutation campaign. Exits 1 on the first crash or hang, saving the input.
if (args.Length < 2 || !long.TryParse(args[1], out long count))
{
    Console.Error.WriteLine("usage: tlsextcap-fuzz <target|all> <count> [--seed N] [--findings DIR]");
    Console.Error.WriteLine("targets: " + string.Join(", ", FuzzTargets.All.Select(t => t.Name)));
    return 2;
}

int seed = args.SkipWhile(a => a != "--seed").Skip(1).Select(int.Parse).FirstOrDefault(12345);
string findings = args.SkipWhile(a => a != "--findings").Skip(1).FirstOrDefault() ?? Path.Combine(Environment.CurrentDirectory, "fuzz-findings");
var targets = args[0] == "all" ? FuzzTargets.All : FuzzTargets.All.Where(t => t.Name == args[0]).ToList();
if (targets.Count == 0)
{
    Console.Error.WriteLine($"unknown target {args[0]}");
    return 2;
}

var hangLimit = TimeSpan.FromSeconds(2);
foreach (var target in targets)
{
    var seeds = target.Seeds();
    var mutator = new Mutator(seed);
    var clock = Stopwatch.StartNew();
    long slowest = 0;
    for (long i = 0; i < count; i++)
    {
        byte[] input = i < seeds.Count ? seeds[(int)i] : mutator.Mutate(seeds);
        long before = clock.ElapsedTicks;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            target.Run(input);
        }
        catch (Exception ex)
        {
            string path = Save(findings, target.Name, input);
            Console.WriteLine($"{target.Name}: CRASH after {i} inputs: {ex.GetType().Name}: {ex.Message}\n  input saved to {path}\n{ex.StackTrace}");
            return 1;
        }

        long elapsed = clock.ElapsedTicks - before;
        slowest = Math.Max(slowest, elapsed);
        if (TimeSpan.FromTicks(elapsed * TimeSpan.TicksPerSecond / Stopwatch.Frequency) > hangLimit)
        {
            string path = Save(findings, target.Name, input);
            Console.WriteLine($"{target.Name}: HANG ({elapsed * 1000 / Stopwatch.Frequency} ms) after {i} inputs; input saved to {path}");
            return 1;
        }

        long grew = GC.GetAllocatedBytesForCurrentThread() - allocated;
        if (grew > 256L << 20)
        {
            string path = Save(findings, target.Name, input);
            Console.WriteLine($"{target.Name}: ALLOCATION of {grew >> 20} MiB for a {input.Length}-byte input; saved to {path}");
            return 1;
        }
    }

    Console.WriteLine($"{target.Name}: {count} inputs, 0 crashes, 0 hangs, {clock.Elapsed.TotalSeconds:F1} s, slowest {slowest * 1000 / Stopwatch.Frequency} ms");
}

return 0;

static string Save(string folder, string target, byte[] input)
{
    Directory.CreateDirectory(Path.Combine(folder, target));
    string path = Path.Combine(folder, target, Convert.ToHexStringLower(SHA256.HashData(input))[..16] + ".bin");
    File.WriteAllBytes(path, input);
    return path;
}
