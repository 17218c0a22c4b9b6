using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Limits;

/// <summary>
/// The per-connection limits (and the one capture-wide hold-back budget) that bound memory and work
/// whatever the capture holds. A connection over one is released undecrypted and its frames say so in
/// their packet comment; the stream never waits for it (README "Limits").
/// </summary>
internal sealed record CaptureLimits
{
    public static readonly LimitDefinition HeldBytes = new(
        "--max-held-bytes", "Held-back bytes per connection",
        "Frames of one connection kept while it waits for keys; over this it is released without them",
        LimitKind.Bytes, 4L << 20, 0, 1L << 30, ExtcapOnly: true);

    public static readonly LimitDefinition HeldTotalBytes = new(
        "--max-held-total", "Held-back bytes in all",
        "Frames kept for all waiting connections together; over this the connection waiting longest is released",
        LimitKind.Bytes, 128L << 20, 0, 16L << 30, ExtcapOnly: true);

    public static readonly LimitDefinition HandshakeBytes = new(
        "--max-handshake-bytes", "Largest handshake message",
        "A connection sending a bigger handshake message (certificate chain, hello) is not decrypted",
        LimitKind.Bytes, TlsEngineOptions.DefaultMaxHandshakeMessageLength, 4L << 10, 16L << 20, ExtcapOnly: false);

    public static readonly LimitDefinition ReassemblyBytes = new(
        "--max-reassembly-bytes", "TCP reassembly window",
        "Out-of-order bytes kept per TCP direction behind a lost segment; over this the connection is not decrypted",
        LimitKind.Bytes, TlsEngineOptions.DefaultMaxReassemblyBytes, 64L << 10, 1L << 30, ExtcapOnly: false);

    public static readonly LimitDefinition TrialRecords = new(
        "--max-trial-records", "Trial decryption window",
        "Records that may have been lost in a gap: sequence numbers tried per record before it is reported undecrypted",
        LimitKind.Count, TlsEngineOptions.DefaultMaxTrialWindow, 0, 4096, ExtcapOnly: false);

    public static IReadOnlyList<LimitDefinition> Definitions { get; } = [HeldBytes, HeldTotalBytes, HandshakeBytes, ReassemblyBytes, TrialRecords];

    public static CaptureLimits Default { get; } = new();

    public long MaxHeldBytes { get; init; } = HeldBytes.Default;

    public long MaxHeldTotalBytes { get; init; } = HeldTotalBytes.Default;

    public int MaxHandshakeBytes { get; init; } = (int)HandshakeBytes.Default;

    public int MaxReassemblyBytes { get; init; } = (int)ReassemblyBytes.Default;

    public int MaxTrialRecords { get; init; } = (int)TrialRecords.Default;

    /// <summary>Reads every limit through <paramref name="lookup"/> (option name → text, null when not given).</summary>
    public static bool TryRead(Func<string, string?> lookup, out CaptureLimits limits, out string? error)
    {
        limits = Default;
        var values = new Dictionary<LimitDefinition, long>();
        foreach (var definition in Definitions)
        {
            string? text = lookup(definition.Option);
            if (text is null)
            {
                values[definition] = definition.Default;
                continue;
            }

            if (!definition.TryParse(text, out long value, out error))
            {
                return false;
            }

            values[definition] = value;
        }

        limits = new CaptureLimits
        {
            MaxHeldBytes = values[HeldBytes],
            MaxHeldTotalBytes = values[HeldTotalBytes],
            MaxHandshakeBytes = (int)values[HandshakeBytes],
            MaxReassemblyBytes = (int)values[ReassemblyBytes],
            MaxTrialRecords = (int)values[TrialRecords],
        };
        error = null;
        return true;
    }

    public TlsEngineOptions ToEngineOptions(bool hashApplicationData) => new()
    {
        HashApplicationData = hashApplicationData,
        MaxHandshakeMessageLength = MaxHandshakeBytes,
        MaxReassemblyBytes = MaxReassemblyBytes,
        MaxTrialWindow = MaxTrialRecords,
    };

    /// <summary>The packet-comment text for a connection over a core limit, e.g. "not decrypted: handshake message over 1M".</summary>
    public string Describe(ConnectionLimit limit) => limit switch
    {
        ConnectionLimit.HandshakeSize => $"not decrypted: a handshake message over {HandshakeBytes.Option} {ByteSize.Format(MaxHandshakeBytes)}",
        ConnectionLimit.ReassemblyWindow => $"not decrypted: out-of-order data over {ReassemblyBytes.Option} {ByteSize.Format(MaxReassemblyBytes)}",
        _ => "not decrypted: over a limit",
    };

    /// <summary>The packet-comment text for a connection released from hold-back by a budget.</summary>
    public string DescribeHeld(bool total) => total
        ? $"released without keys: held-back frames of all connections over {HeldTotalBytes.Option} {ByteSize.Format(MaxHeldTotalBytes)}"
        : $"released without keys: held-back frames over {HeldBytes.Option} {ByteSize.Format(MaxHeldBytes)}";
}
