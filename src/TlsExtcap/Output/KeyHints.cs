using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Output;

/// <summary>
/// When connections could not be decrypted for want of keys, says why as far as it can be told and what
/// to do — the most common mistake being a key log written by another program or another run.
/// </summary>
internal static class KeyHints
{
    public static string? Explain(IReadOnlyList<TlsConnection> connections, IReadOnlyList<string> keyLogs, bool staticKeys, int secretsFromCapture)
    {
        var encrypted = connections.Where(c => c.ClientToServer.EncryptedRecords + c.ServerToClient.EncryptedRecords > 0).ToList();
        var missing = encrypted.Where(c => c.Status == ConnectionStatus.NoKeys).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        string head = $"no keys for {missing.Count} of {encrypted.Count} encrypted connection{(encrypted.Count == 1 ? string.Empty : "s")}";
        if (keyLogs.Count == 0 && secretsFromCapture == 0)
        {
            return staticKeys
                ? $"{head}: the RSA key or PSK does not fit them (ephemeral key exchange needs a key log): add --keylog <file>"
                : $"{head}: give the client's key log with --keylog <file> (the file its SSLKEYLOGFILE names)";
        }

        var ours = new HashSet<string>(connections.SelectMany(c => c.ClientRandoms).Select(Convert.ToHexString), StringComparer.Ordinal);
        var theirs = new HashSet<string>(StringComparer.Ordinal);
        int lines = 0;
        foreach (string path in keyLogs)
        {
            try
            {
                foreach (var entry in KeyLogParser.Parse(File.ReadAllBytes(path), path).Entries)
                {
                    lines++;
                    if (entry.Label != KeyLogLabel.Rsa)
                    {
                        theirs.Add(Convert.ToHexString(entry.Identifier.Span));
                    }
                }
            }
            catch (IOException)
            {
            }
        }

        bool partial = missing.Any(c => c.ClientRandoms.Any(r => theirs.Contains(Convert.ToHexString(r))));
        int others = theirs.Count(id => !ours.Contains(id));
        if (partial)
        {
            return $"{head}: the key log has some of their secrets but not all (TLS 1.3 needs both handshake and both application traffic secrets) — was the key log cut short?";
        }

        if (lines == 0)
        {
            return $"{head}: the key log holds no valid lines — is it the file SSLKEYLOGFILE names, and did the program write to it?";
        }

        return $"{head}: the key log has secrets for {others} other client random{(others == 1 ? string.Empty : "s")} — was SSLKEYLOGFILE set for this program, and is it the same run? (tlsextcap summary shows each connection's status)";
    }
}
