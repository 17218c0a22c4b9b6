using System.Globalization;

namespace TlsExtcap.Load;

/// <summary>
/// <c>tlsextcap-load [--connections N] [--concurrent N] [--packets N] [--keys upfront|none] [--key-wait S]
/// [--max-held-bytes SIZE] [--max-held-total SIZE] [--samples N] [--distinct-secrets] [--payload-bytes N]
/// [--rate FRAMES_PER_SECOND]</c>; with <c>--rate</c>, a latency run (<see cref="LatencyRun"/>).
/// </summary>
public sealed record LoadOptions
{
    public int Connections { get; init; } = 10_000;

    public int Concurrent { get; init; } = 10_000;

    public long Packets { get; init; } = 1_000_000;

    /// <summary><c>upfront</c>: the whole key log is known before the capture starts; <c>none</c>: no keys, every connection is held back.</summary>
    public string Keys { get; init; } = "upfront";

    public double KeyWaitSeconds { get; init; } = 3;

    public string? MaxHeldBytes { get; init; }

    public string? MaxHeldTotal { get; init; }

    /// <summary>Managed-heap samples over the run (each a full, blocking collection).</summary>
    public int Samples { get; init; } = 20;

    public bool DistinctSecrets { get; init; }

    /// <summary>Set: a latency run (<see cref="LatencyRun"/>) feeding this many frames per second through a pipe, as dumpcap does.</summary>
    public int Rate { get; init; }

    /// <summary>Application data bytes per record (the synthetic default is 200).</summary>
    public int? PayloadBytes { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--connections" => options with { Connections = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--concurrent" => options with { Concurrent = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--packets" => options with { Packets = long.Parse(Value(), CultureInfo.InvariantCulture) },
                "--keys" => options with { Keys = Value() is "upfront" or "none" ? args[i] : throw new ArgumentException("--keys is upfront or none") },
                "--key-wait" => options with { KeyWaitSeconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--max-held-bytes" => options with { MaxHeldBytes = Value() },
                "--max-held-total" => options with { MaxHeldTotal = Value() },
                "--samples" => options with { Samples = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--distinct-secrets" => options with { DistinctSecrets = true },
                "--rate" => options with { Rate = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--payload-bytes" => options with { PayloadBytes = int.Parse(Value(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }
}
