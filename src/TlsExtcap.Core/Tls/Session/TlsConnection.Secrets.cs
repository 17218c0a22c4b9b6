using TlsExtcap.Core.Keys;

namespace TlsExtcap.Core.Tls.Session;

public sealed partial class TlsConnection
{
    private readonly List<byte[]> _clientRandoms = [];

    /// <summary>Client randoms of every handshake of this connection (renegotiations add one).</summary>
    public IReadOnlyList<byte[]> ClientRandoms => _clientRandoms;

    /// <summary>
    /// True when the key material to decrypt this connection is known: a TLS ≤ 1.2 master secret
    /// (from the key log or derived here from an RSA key, PMS or PSK), or the four TLS 1.3 traffic
    /// secrets of RFC 8446 §7.1 (Wireshark needs all of them to decrypt, see the interfaces notes).
    /// </summary>
    public bool HasKeys
    {
        get
        {
            if (ClientRandom is not { } random)
            {
                return false;
            }

            // Contains, not TryGetSecret: a lookup that only asks must not leave secret copies behind.
            if (_handshake?.MasterSecret is not null || _keys.Contains(KeyLogLabel.ClientRandom, random))
            {
                return true;
            }

            return _keys.Contains(KeyLogLabel.ClientHandshakeTrafficSecret, random)
                && _keys.Contains(KeyLogLabel.ServerHandshakeTrafficSecret, random)
                && _keys.Contains(KeyLogLabel.ClientTrafficSecret, random)
                && _keys.Contains(KeyLogLabel.ServerTrafficSecret, random);
        }
    }

    /// <summary>
    /// This connection's secrets as key-log entries: every key-log line for its client randoms, plus a
    /// CLIENT_RANDOM line for each master secret derived here (RSA, PMS, PSK, session resumption), so a
    /// capture that carries them is self-contained.
    /// </summary>
    public IReadOnlyList<KeyLogEntry> ExportSecrets()
    {
        var entries = new List<KeyLogEntry>();
        foreach (byte[] random in _clientRandoms)
        {
            entries.AddRange(_keys.EntriesFor(random));
        }

        if (_handshake is { MasterSecret: { } master, ClientHello: { } hello }
            && !entries.Any(e => e.Label == KeyLogLabel.ClientRandom && e.Identifier.Span.SequenceEqual(hello.Random)))
        {
            entries.Add(new KeyLogEntry(KeyLogLabel.ClientRandom, hello.Random, master));
        }

        return entries;
    }

    /// <summary>
    /// Changes whenever <see cref="ExportSecrets"/> may return something new: a key-log line was added to the
    /// store, a handshake began, or a master secret was derived here. Lets writers skip the export otherwise.
    /// </summary>
    public (long Keys, int Randoms, bool Derived) SecretsVersion => (_keys.Version, _clientRandoms.Count, _handshake?.MasterSecret is not null);

    private void RememberClientRandom(byte[] random)
    {
        if (!_clientRandoms.Any(r => r.AsSpan().SequenceEqual(random)))
        {
            _clientRandoms.Add(random);
        }
    }
}
