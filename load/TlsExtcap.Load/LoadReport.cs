using System.Text.Json;
using System.Text.Json.Serialization;

namespace TlsExtcap.Load;

/// <summary>The figures of one load run, printed as one JSON object.</summary>
public sealed record LoadReport
{
    [JsonPropertyName("connections")]
    public int Connections { get; init; }

    [JsonPropertyName("concurrent")]
    public int Concurrent { get; init; }

    [JsonPropertyName("packets")]
    public long Packets { get; init; }

    [JsonPropertyName("keys")]
    public string Keys { get; init; } = "";

    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }

    [JsonPropertyName("frames_written")]
    public long FramesWritten { get; init; }

    [JsonPropertyName("output_bytes")]
    public long OutputBytes { get; init; }

    [JsonPropertyName("tls_connections")]
    public int TlsConnections { get; init; }

    [JsonPropertyName("decrypted_connections")]
    public int DecryptedConnections { get; init; }

    [JsonPropertyName("records_decrypted")]
    public long RecordsDecrypted { get; init; }

    [JsonPropertyName("released_over_held_limit")]
    public int ReleasedOverHeldLimit { get; init; }

    [JsonPropertyName("peak_held_bytes")]
    public long PeakHeldBytes { get; init; }

    [JsonPropertyName("peak_rss_bytes")]
    public long PeakRssBytes { get; init; }

    [JsonPropertyName("peak_heap_bytes")]
    public long PeakHeapBytes { get; init; }

    /// <summary>Heap once every connection of the first wave is established (the sample after the ramp).</summary>
    [JsonPropertyName("heap_after_ramp_bytes")]
    public long HeapAfterRampBytes { get; init; }

    [JsonPropertyName("heap_at_end_bytes")]
    public long HeapAtEndBytes { get; init; }

    [JsonPropertyName("packets_after_ramp")]
    public long PacketsAfterRamp { get; init; }

    [JsonPropertyName("samples")]
    public IReadOnlyList<long[]> Samples { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, ReportJsonContext.Default.LoadReport);

    public static LoadReport FromJson(string json) => JsonSerializer.Deserialize(json, ReportJsonContext.Default.LoadReport) ?? throw new JsonException("empty report");
}
