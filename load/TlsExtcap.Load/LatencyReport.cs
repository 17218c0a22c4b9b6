using System.Text.Json;
using System.Text.Json.Serialization;

namespace TlsExtcap.Load;

/// <summary>The figures of one latency run (<see cref="LatencyRun"/>), printed as one JSON object.</summary>
public sealed record LatencyReport
{
    [JsonPropertyName("rate")]
    public int Rate { get; init; }

    /// <summary>Frames per second actually fed (the pacing may fall behind).</summary>
    [JsonPropertyName("achieved_rate")]
    public double AchievedRate { get; init; }

    [JsonPropertyName("frames")]
    public long Frames { get; init; }

    [JsonPropertyName("frames_out")]
    public long FramesOut { get; init; }

    [JsonPropertyName("connections")]
    public int Connections { get; init; }

    [JsonPropertyName("frame_bytes_mean")]
    public double FrameBytesMean { get; init; }

    /// <summary>Frames held back for keys at any time (0: no key wait is in the figures).</summary>
    [JsonPropertyName("peak_held_bytes")]
    public long PeakHeldBytes { get; init; }

    [JsonPropertyName("p50_us")]
    public double? P50Microseconds { get; init; }

    [JsonPropertyName("p99_us")]
    public double? P99Microseconds { get; init; }

    [JsonPropertyName("p999_us")]
    public double? P999Microseconds { get; init; }

    [JsonPropertyName("max_us")]
    public double? MaxMicroseconds { get; init; }

    /// <summary>The same over the frames after the first second (every code path used once, the first handshakes done); null for a shorter run.</summary>
    [JsonPropertyName("warm_p50_us")]
    public double? WarmP50Microseconds { get; init; }

    [JsonPropertyName("warm_p99_us")]
    public double? WarmP99Microseconds { get; init; }

    [JsonPropertyName("warm_p999_us")]
    public double? WarmP999Microseconds { get; init; }

    [JsonPropertyName("warm_max_us")]
    public double? WarmMaxMicroseconds { get; init; }

    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }

    [JsonPropertyName("gen0_collections")]
    public int Gen0Collections { get; init; }

    [JsonPropertyName("gen2_collections")]
    public int Gen2Collections { get; init; }

    /// <summary>Managed bytes allocated during the run (every thread, the feeder's included), per frame.</summary>
    [JsonPropertyName("allocated_bytes_per_frame")]
    public double AllocatedBytesPerFrame { get; init; }

    [JsonPropertyName("gc_pause_ms")]
    public double GcPauseMilliseconds { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, ReportJsonContext.Default.LatencyReport);

    public static LatencyReport FromJson(string json) => JsonSerializer.Deserialize(json, ReportJsonContext.Default.LatencyReport) ?? throw new JsonException("empty report");
}
