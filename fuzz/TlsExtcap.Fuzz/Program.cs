using TlsExtcap.Fuzz;

// tlsextcap-fuzz <target|all|list> <count> [--seed N] [--findings DIR] [--keep-slowest]
// A bounded, seeded random-mutation campaign. Exits 1 on the first crash, hang or over-allocation,
// saving the input; prints one line per target: inputs, crashes, seconds, inputs/s, slowest input,
// largest allocation.
if (args is ["list", ..])
{
    Console.WriteLine(string.Join('\n', FuzzTargets.All.Select(t => t.Name)));
    return 0;
}

if (args.Length < 2 || !long.TryParse(args[1], out long count) || count < 0)
{
    Console.Error.WriteLine("usage: tlsextcap-fuzz <target|all|list> <count> [--seed N] [--findings DIR] [--keep-slowest]");
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

foreach (var target in targets)
{
    var campaign = new Campaign(target, seed, findings);
    var result = campaign.Run(count);
    Console.WriteLine(result.Summary());
    if (result.Clean && args.Contains("--keep-slowest"))
    {
        Console.WriteLine($"  slowest input saved to {campaign.SaveSlowest(result)}");
    }

    if (!result.Clean)
    {
        return 1;
    }
}

return 0;
