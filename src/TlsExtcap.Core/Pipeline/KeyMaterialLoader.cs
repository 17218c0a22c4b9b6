using Serilog;
using TlsExtcap.Core.Keys;

namespace TlsExtcap.Core.Pipeline;

/// <summary>Loads the key material of <see cref="KeyMaterialOptions"/> into a <see cref="KeyStore"/>.</summary>
public static class KeyMaterialLoader
{
    /// <summary>
    /// Loads everything; bad key-log lines are logged (line number and reason, never the line) and
    /// skipped. Throws <see cref="KeyFileException"/> for a file that cannot be used at all.
    /// Returns the number of key-log lines that were rejected.
    /// </summary>
    public static int Load(KeyMaterialOptions options, KeyStore store, ILogger? logger = null)
    {
        var log = logger ?? Serilog.Core.Logger.None;
        int rejected = 0;
        foreach (string path in options.KeyLogFiles)
        {
            if (!File.Exists(path))
            {
                throw new KeyFileException(KeyFileError.NotFound, path);
            }

            var result = KeyLogParser.ParseFile(path);
            foreach (var error in result.Errors)
            {
                log.Warning("{File} line {Line}: {Reason}, line skipped", path, error.LineNumber, error.Reason);
            }

            rejected += result.Errors.Count;
            store.AddRange(result.Entries);
            log.Information("Loaded {Count} key-log lines from {File}", result.Entries.Count, path);
        }

        foreach (var (path, password) in options.RsaKeyFiles)
        {
            store.AddRsaPrivateKey(RsaPrivateKeyLoader.Load(path, password));
            log.Information("Loaded an RSA private key from {File}", path);
        }

        foreach (byte[] psk in options.PreSharedKeys)
        {
            store.AddPsk(psk);
        }

        return rejected;
    }
}
