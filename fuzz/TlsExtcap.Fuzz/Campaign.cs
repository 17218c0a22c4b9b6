using System.Diagnostics;
using System.Security.Cryptography;

namespace TlsExtcap.Fuzz;

/// <summary>
/// One bounded campaign over one target: the seeds first, then seeded mutations. A finding is an
/// exception other than the target's expected rejections, an input that runs longer than
/// <see cref="HangLimit"/> (a watchdog catches one that never returns), or one that allocates more
/// than <see cref="AllocationLimit"/>. The first finding stops the campaign and is saved by content hash.
/// </summary>
public sealed class Campaign(FuzzTarget target, int seed, string findingsFolder)
{
    /// <summary>Longest a single input may take, in wall-clock and CPU time (inputs are a few KiB; the slowest legitimate ones take milliseconds).</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(2);

    /// <summary>A watchdog ends the process when one input has run this long without returning.</summary>
    public static readonly TimeSpan StuckLimit = TimeSpan.FromSeconds(20);

    /// <summary>Most bytes one input may allocate: the largest buffers the parsers allow (16 MiB blocks and windows) with room to spare.</summary>
    public const long AllocationLimit = 256L << 20;

    private readonly Stopwatch _inputClock = new();
    private volatile byte[]? _current;
    private long _inputCpuStartTicks;

    public CampaignResult Run(long count)
    {
        var seeds = target.Seeds();
        var mutator = new Mutator(seed);
        var clock = Stopwatch.StartNew();
        var result = new CampaignResult(target.Name);
        using var watchdog = new Timer(_ => CheckStuck(), null, 1000, 1000);
        for (long i = 0; i < count; i++)
        {
            byte[] input = i < seeds.Count ? seeds[(int)i] : mutator.Mutate(seeds);
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = Environment.CpuUsage.TotalTime;
            Interlocked.Exchange(ref _inputCpuStartTicks, cpu.Ticks);
            _current = input;
            _inputClock.Restart();
            try
            {
                target.Run(input);
            }
            catch (Exception ex)
            {
                _current = null;
                result.Finding = $"CRASH after {i} inputs: {ex.GetType().Name}: {ex.Message}\n  input saved to {Save(input)}\n{ex.StackTrace}";
                break;
            }

            var elapsed = _inputClock.Elapsed;
            _current = null;
            long grew = GC.GetAllocatedBytesForCurrentThread() - allocated;
            result.Inputs = i + 1;
            if (elapsed > result.Slowest)
            {
                result.Slowest = elapsed;
                result.SlowestInput = input;
            }

            result.LargestAllocation = Math.Max(result.LargestAllocation, grew);
            // The machine is shared: an input that took long on the clock but not on the CPU was
            // starved by other work, not slow. Only CPU time counts towards a hang.
            var cpuUsed = Environment.CpuUsage.TotalTime - cpu;
            if (elapsed > HangLimit && cpuUsed <= HangLimit)
            {
                result.Starved++;
            }
            else if (elapsed > HangLimit)
            {
                result.Finding = $"HANG ({elapsed.TotalMilliseconds:F0} ms) after {i} inputs; input saved to {Save(input)}";
                break;
            }

            if (grew > AllocationLimit)
            {
                result.Finding = $"ALLOCATION of {grew >> 20} MiB for a {input.Length}-byte input; saved to {Save(input)}";
                break;
            }
        }

        result.Elapsed = clock.Elapsed;
        return result;
    }

    private void CheckStuck()
    {
        // Wall time alone is not enough: a campaign stopped (SIGSTOP) or starved by other load is not stuck.
        var cpuSince = Environment.CpuUsage.TotalTime - TimeSpan.FromTicks(Interlocked.Read(ref _inputCpuStartTicks));
        if (_current is { } input && _inputClock.Elapsed > StuckLimit && cpuSince > StuckLimit)
        {
            Console.WriteLine($"{target.Name}: HANG: one input ran over {StuckLimit.TotalSeconds} s; input saved to {Save(input)}");
            Environment.Exit(1);
        }
    }

    /// <summary>Keeps the slowest input of a clean campaign (<c>--keep-slowest</c>), to look into what is slow.</summary>
    public string SaveSlowest(CampaignResult result) =>
        Save(result.SlowestInput ?? [], $"slowest-{result.Slowest.TotalMilliseconds:F0}ms-");

    private string Save(byte[] input, string prefix = "")
    {
        string folder = Path.Combine(findingsFolder, target.Name);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, prefix + Convert.ToHexStringLower(SHA256.HashData(input))[..16] + ".bin");
        File.WriteAllBytes(path, input);
        return path;
    }
}
