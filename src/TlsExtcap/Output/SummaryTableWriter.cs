using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Output;

/// <summary>The human-readable summary: one block per connection.</summary>
internal static class SummaryTableWriter
{
    public static void Write(TextWriter output, IReadOnlyList<TlsConnection> connections, long frames)
    {
        output.WriteLine($"{connections.Count} TLS connection(s) in {frames} frame(s)");
        foreach (var c in connections)
        {
            output.WriteLine();
            output.WriteLine($"#{c.Id}  {c.Transport.ToString().ToLowerInvariant()}  {c.Client} -> {c.Server}  [{Names.Status(c.Status)}]");
            output.WriteLine($"    {c.VersionName ?? "(no ServerHello)"}  {c.CipherSuiteName ?? "-"}");
            var details = new List<string>();
            if (c.ServerName is not null)
            {
                details.Add($"sni {c.ServerName}");
            }

            if (c.Alpn is not null)
            {
                details.Add($"alpn {c.Alpn}");
            }

            if (c.Resumed)
            {
                details.Add("resumed");
            }

            if (c.HelloRetryRequest)
            {
                details.Add("hello retry request");
            }

            if (c.EarlyData != EarlyDataStatus.None)
            {
                details.Add($"early data {Names.EarlyData(c.EarlyData)}");
            }

            if (c.Handshakes.Count > 1)
            {
                details.Add($"{c.Handshakes.Count} handshakes");
            }

            if (details.Count > 0)
            {
                output.WriteLine($"    {string.Join(", ", details)}");
            }

            WriteDirection(output, "client -> server", c.ClientToServer);
            WriteDirection(output, "server -> client", c.ServerToClient);
        }
    }

    private static void WriteDirection(TextWriter output, string label, DirectionStats d)
    {
        output.WriteLine($"    {label}: {d.Records} records ({d.EncryptedRecords} encrypted, {d.EncryptedRecordsDecrypted} decrypted), "
            + $"{d.AppDataRecordsDecrypted}/{d.AppDataRecords} application data records, {d.AppDataBytes} bytes");
        if (d.FailureCount > 0)
        {
            var reasons = d.Failures.GroupBy(f => f.Reason).Select(g => $"{Names.Failure(g.Key)} x{g.Count()}");
            output.WriteLine($"        {d.FailureCount} failed: {string.Join(", ", reasons)} (first at record {d.Failures[0].Record}, frame {d.Failures[0].Frame})");
        }
    }
}
