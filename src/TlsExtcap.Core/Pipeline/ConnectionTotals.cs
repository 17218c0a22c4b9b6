using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Core.Pipeline;

/// <summary>Counts of TLS connections a processor no longer keeps (see <see cref="CaptureProcessor.RetainClosedConnections"/>).</summary>
public readonly record struct ConnectionTotals(int Connections, int Decrypted, int Failed, long RecordsDecrypted)
{
    /// <summary>These totals with one more connection, counted by its final status.</summary>
    public ConnectionTotals Add(TlsConnection connection)
    {
        long records = connection.ClientToServer.EncryptedRecordsDecrypted + connection.ServerToClient.EncryptedRecordsDecrypted;
        bool decrypted = connection.Status == ConnectionStatus.Decrypted && connection.ClientToServer.EncryptedRecords + connection.ServerToClient.EncryptedRecords > 0;
        return new ConnectionTotals(Connections + 1, Decrypted + (decrypted ? 1 : 0), Failed + (connection.Status == ConnectionStatus.Failed ? 1 : 0), RecordsDecrypted + records);
    }
}
