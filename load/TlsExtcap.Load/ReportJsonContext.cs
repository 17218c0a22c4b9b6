using System.Text.Json.Serialization;

namespace TlsExtcap.Load;

/// <summary>Source-generated JSON for the reports: no reflection, so tlsextcap-load also runs as a native build (scripts/bench).</summary>
[JsonSerializable(typeof(LatencyReport))]
[JsonSerializable(typeof(LoadReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext
{
}
