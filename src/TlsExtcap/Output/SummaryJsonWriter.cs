using System.Text.Json;
using TlsExtcap.Core.Network;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Output;

/// <summary>Writes <c>summary --json</c>: one object <c>{"connections": [...]}</c> (names are a contract; see README).</summary>
internal static class SummaryJsonWriter
{
    public static void Write(Stream output, IReadOnlyList<TlsConnection> connections, long frames)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("frames", frames);
        json.WriteStartArray("connections");
        foreach (var connection in connections)
        {
            WriteConnection(json, connection);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteConnection(Utf8JsonWriter json, TlsConnection c)
    {
        json.WriteStartObject();
        json.WriteNumber("id", c.Id);
        json.WriteString("transport", c.Transport == TransportProtocol.Tcp ? "tcp" : "udp");
        json.WriteString("client", c.Client.ToString());
        json.WriteString("server", c.Server.ToString());
        json.WriteNumber("first_frame", c.FirstFrame);
        json.WriteNumber("last_frame", c.LastFrame);
        json.WriteString("version", c.VersionName);
        json.WriteString("cipher_suite", c.CipherSuiteName);
        json.WriteString("sni", c.ServerName);
        json.WriteString("alpn", c.Alpn);
        json.WriteBoolean("resumed", c.Resumed);
        json.WriteBoolean("hello_retry_request", c.HelloRetryRequest);
        json.WriteString("early_data", Names.EarlyData(c.EarlyData));
        json.WriteString("status", Names.Status(c.Status));
        json.WriteString("limit_exceeded", c.LimitExceeded is { } limit ? Names.Limit(limit) : null);
        json.WriteStartArray("handshakes");
        foreach (var h in c.Handshakes)
        {
            json.WriteStartObject();
            json.WriteNumber("frame", h.Frame);
            json.WriteString("version", TlsVersionNames.GetName(h.Version));
            json.WriteString("cipher_suite", Core.Crypto.CipherSuiteRegistry.GetName(h.CipherSuite));
            json.WriteBoolean("resumed", h.Resumed);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteDirection(json, "client_to_server", c.ClientToServer);
        WriteDirection(json, "server_to_client", c.ServerToClient);
        json.WriteEndObject();
    }

    private static void WriteDirection(Utf8JsonWriter json, string name, DirectionStats d)
    {
        json.WriteStartObject(name);
        json.WriteNumber("records", d.Records);
        json.WriteNumber("plaintext_records", d.PlaintextRecords);
        json.WriteNumber("encrypted_records", d.EncryptedRecords);
        json.WriteNumber("encrypted_records_decrypted", d.EncryptedRecordsDecrypted);
        json.WriteNumber("app_data_records", d.AppDataRecords);
        json.WriteNumber("app_data_records_decrypted", d.AppDataRecordsDecrypted);
        json.WriteNumber("app_data_records_failed", d.AppDataRecordsFailed);
        json.WriteNumber("app_data_bytes", d.AppDataBytes);
        json.WriteString("app_data_sha256", d.AppDataSha256 is { } hash ? Convert.ToHexStringLower(hash) : null);
        json.WriteNumber("failure_count", d.FailureCount);
        json.WriteStartArray("failures");
        foreach (var f in d.Failures)
        {
            json.WriteStartObject();
            json.WriteNumber("record", f.Record);
            json.WriteString("reason", Names.Failure(f.Reason));
            json.WriteNumber("frame", f.Frame);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
