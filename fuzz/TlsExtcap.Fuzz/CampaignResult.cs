using System.Globalization;

namespace TlsExtcap.Fuzz;

/// <summary>What one campaign did: inputs run, time, the slowest input, the largest allocation, and its finding if any.</summary>
public sealed class CampaignResult(string target)
{
    public string Target { get; } = target;

    public long Inputs { get; set; }

    public TimeSpan Elapsed { get; set; }

    public TimeSpan Slowest { get; set; }

    public byte[]? SlowestInput { get; set; }

    /// <summary>Inputs over the hang limit on the clock but not on the CPU (the machine was busy elsewhere).</summary>
    public long Starved { get; set; }

    public long LargestAllocation { get; set; }

    /// <summary>The crash, hang or over-allocation that stopped the campaign; null when it ran clean.</summary>
    public string? Finding { get; set; }

    public bool Clean => Finding is null;

    public string Summary() => Clean
        ? string.Create(CultureInfo.InvariantCulture,
            $"{Target}: {Inputs} inputs, 0 crashes, 0 hangs, {Elapsed.TotalSeconds:F1} s ({Inputs / Math.Max(0.001, Elapsed.TotalSeconds):F0}/s), slowest {Slowest.TotalMilliseconds:F0} ms, largest allocation {LargestAllocation / 1024.0 / 1024.0:F1} MiB{(Starved > 0 ? $", {Starved} starved by other load" : string.Empty)}")
        : $"{Target}: {Finding}";
}
