using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Serilog;

namespace TlsExtcap.Core.Keys;

/// <summary>
/// All key material known to a capture: key log entries, RSA private keys and PSKs. Thread-safe: the
/// extcap adds keys while the capture runs. Lookups return copies the caller must zero after use.
/// </summary>
public sealed class KeyStore
{
    private readonly object _gate = new();
    private readonly ILogger _logger;
    private readonly Dictionary<EntryKey, KeyLogEntry> _entries = [];
    private readonly Dictionary<string, List<KeyLogEntry>> _byIdentifier = new(StringComparer.Ordinal);
    private readonly List<RSA> _rsaKeys = [];
    private readonly List<byte[]> _psks = [];
    private long _version;

    /// <summary>Creates an empty store.</summary>
    /// <param name="logger">Receives counts and labels only, never key material. Defaults to a silent logger.</param>
    public KeyStore(ILogger? logger = null)
    {
        _logger = (logger ?? Serilog.Core.Logger.None).ForContext<KeyStore>();
    }

    /// <summary>Number of distinct key log entries.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Incremented on every change that adds something new (an entry, an RSA key or a PSK).</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Snapshot of the RSA private keys added so far.</summary>
    public IReadOnlyList<RSA> RsaPrivateKeys
    {
        get
        {
            lock (_gate)
            {
                return _rsaKeys.ToArray();
            }
        }
    }

    /// <summary>Snapshot of the PSKs added so far (copies owned by the store).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Psks
    {
        get
        {
            lock (_gate)
            {
                return _psks.Select(p => (ReadOnlyMemory<byte>)p).ToArray();
            }
        }
    }

    /// <summary>
    /// Adds one entry. A duplicate changes nothing; a different secret for the same label, generation and
    /// identifier is ignored (first wins, so a connection being decrypted keeps its keys) and logged.
    /// </summary>
    public void Add(KeyLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            AddLocked(entry);
        }
    }

    /// <summary>Adds several entries under one lock.</summary>
    public void AddRange(IEnumerable<KeyLogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        int before;
        int after;
        lock (_gate)
        {
            before = _entries.Count;
            foreach (KeyLogEntry entry in entries)
            {
                ArgumentNullException.ThrowIfNull(entry, nameof(entries));
                AddLocked(entry);
            }

            after = _entries.Count;
        }

        _logger.Debug("Added {NewEntryCount} key log entries, {EntryCount} in total", after - before, after);
    }

    /// <summary>
    /// Looks up the secret of a client-random keyed label. <paramref name="generation"/> only matters for
    /// <see cref="KeyLogLabel.ClientTrafficSecret"/> and <see cref="KeyLogLabel.ServerTrafficSecret"/>.
    /// </summary>
    /// <param name="secret">A fresh copy; zero it when done.</param>
    public bool TryGetSecret(KeyLogLabel label, ReadOnlySpan<byte> clientRandom, int generation, [NotNullWhen(true)] out byte[]? secret)
    {
        secret = null;
        if (!KeyLogLabelTable.IsKeyedByClientRandom(label) || clientRandom.Length != KeyLogLabelTable.ClientRandomLength)
        {
            return false;
        }

        var key = new EntryKey(label, KeyLogLabelTable.HasGeneration(label) ? generation : 0, Convert.ToHexString(clientRandom));
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out KeyLogEntry? entry))
            {
                return false;
            }

            secret = entry.Secret.ToArray();
            return true;
        }
    }

    /// <summary>True when <see cref="TryGetSecret"/> would find the secret; nothing is copied.</summary>
    public bool Contains(KeyLogLabel label, ReadOnlySpan<byte> clientRandom, int generation = 0)
    {
        if (!KeyLogLabelTable.IsKeyedByClientRandom(label) || clientRandom.Length != KeyLogLabelTable.ClientRandomLength)
        {
            return false;
        }

        var key = new EntryKey(label, KeyLogLabelTable.HasGeneration(label) ? generation : 0, Convert.ToHexString(clientRandom));
        lock (_gate)
        {
            return _entries.ContainsKey(key);
        }
    }

    /// <summary>
    /// Finds the pre-master secret of an RSA key exchange: first an NSS <c>RSA</c> line keyed by the first
    /// 8 bytes of <paramref name="encryptedPreMasterSecret"/>, then each RSA private key in turn.
    /// </summary>
    /// <remarks>
    /// PKCS#1 v1.5 cannot authenticate the plaintext: a wrong key is normally rejected by the padding check
    /// (.NET turns off OpenSSL's implicit rejection) and the 48-byte rule, but the caller should still treat
    /// the result as confirmed only once the Finished message verifies.
    /// </remarks>
    /// <param name="encryptedPreMasterSecret">The EncryptedPreMasterSecret body (without its length prefix).</param>
    /// <param name="preMasterSecret">A fresh 48-byte copy; zero it when done.</param>
    public bool TryGetRsaPreMasterSecret(ReadOnlySpan<byte> encryptedPreMasterSecret, [NotNullWhen(true)] out byte[]? preMasterSecret)
    {
        preMasterSecret = null;
        if (encryptedPreMasterSecret.Length < KeyLogLabelTable.RsaIdentifierLength)
        {
            return false;
        }

        RSA[] keys;
        var key = new EntryKey(KeyLogLabel.Rsa, 0, Convert.ToHexString(encryptedPreMasterSecret[..KeyLogLabelTable.RsaIdentifierLength]));
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out KeyLogEntry? entry))
            {
                preMasterSecret = entry.Secret.ToArray();
                return true;
            }

            keys = _rsaKeys.ToArray();
        }

        byte[] ciphertext = encryptedPreMasterSecret.ToArray();
        foreach (RSA rsa in keys)
        {
            // RFC 8017 §7.2.2: the ciphertext is exactly k bytes, k = modulus length.
            if ((rsa.KeySize + 7) / 8 != ciphertext.Length)
            {
                continue;
            }

            byte[] plain;
            try
            {
                // RSA instances are not documented as thread-safe; the extcap may look up from several threads.
                lock (rsa)
                {
                    plain = rsa.Decrypt(ciphertext, RSAEncryptionPadding.Pkcs1);
                }
            }
            catch (CryptographicException)
            {
                // Not this key (or bad padding); try the next one.
                continue;
            }

            // RFC 5246 §7.4.7.1: PreMasterSecret is client_version (2 bytes) + 46 random bytes.
            if (plain.Length != KeyLogLabelTable.RsaPreMasterSecretLength)
            {
                CryptographicOperations.ZeroMemory(plain);
                continue;
            }

            preMasterSecret = plain;
            return true;
        }

        return false;
    }

    /// <summary>Adds an RSA private key for decrypting RSA key exchanges. The store keeps (does not copy or dispose) the key.</summary>
    public void AddRsaPrivateKey(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_rsaKeys.Contains(key))
            {
                return;
            }

            _rsaKeys.Add(key);
            Interlocked.Increment(ref _version);
        }

        _logger.Information("Added a {KeySize}-bit RSA private key", key.KeySize);
    }

    /// <summary>Adds a TLS 1.3 external pre-shared key (copied). A duplicate changes nothing.</summary>
    public void AddPsk(ReadOnlyMemory<byte> psk)
    {
        if (psk.IsEmpty)
        {
            throw new ArgumentException("A PSK cannot be empty.", nameof(psk));
        }

        lock (_gate)
        {
            foreach (byte[] known in _psks)
            {
                if (CryptographicOperations.FixedTimeEquals(known, psk.Span))
                {
                    return;
                }
            }

            _psks.Add(psk.ToArray());
            Interlocked.Increment(ref _version);
        }

        _logger.Information("Added a {PskLength}-byte PSK", psk.Length);
    }

    /// <summary>All entries for one connection, keyed by its client random, in the order they were added.</summary>
    public IEnumerable<KeyLogEntry> EntriesFor(ReadOnlySpan<byte> clientRandom)
    {
        if (clientRandom.Length != KeyLogLabelTable.ClientRandomLength)
        {
            return [];
        }

        string id = Convert.ToHexString(clientRandom);
        lock (_gate)
        {
            return _byIdentifier.TryGetValue(id, out List<KeyLogEntry>? list) ? list.ToArray() : [];
        }
    }

    private void AddLocked(KeyLogEntry entry)
    {
        string id = Convert.ToHexString(entry.Identifier.Span);
        var key = new EntryKey(entry.Label, entry.Generation, id);
        if (_entries.TryGetValue(key, out KeyLogEntry? existing))
        {
            if (!existing.SameAs(entry))
            {
                _logger.Warning(
                    "Ignoring a conflicting {Label} secret for identifier {Identifier}: the first one is kept",
                    entry.LabelText,
                    id);
            }

            return;
        }

        _entries.Add(key, entry);
        if (KeyLogLabelTable.IsKeyedByClientRandom(entry.Label))
        {
            if (!_byIdentifier.TryGetValue(id, out List<KeyLogEntry>? list))
            {
                list = [];
                _byIdentifier.Add(id, list);
            }

            list.Add(entry);
        }

        Interlocked.Increment(ref _version);
    }

    /// <summary>Identifier as upper-case hex: value equality for a dictionary key, and not secret.</summary>
    private readonly record struct EntryKey(KeyLogLabel Label, int Generation, string Identifier);
}
