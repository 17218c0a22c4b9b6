using System.Security.Cryptography;
using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Keys;

namespace TlsExtcap.Core.Tls.Session;

public sealed partial class TlsConnection
{
    /// <summary>Candidate decryptors for stages after the current one, keyed by (stage, generation).</summary>
    private readonly Dictionary<(Direction, Tls13Stage, int), (RecordDecryptor Decryptor, byte[] Secret)> _candidates = [];
    private bool _loggedSecretLength;

    /// <summary>
    /// TLS 1.3 record decryption (RFC 8446 §5.2). Tries the current stage's keys at the expected
    /// sequence number (and a bounded window after a gap), then the next stages' keys from sequence 0:
    /// this carries a direction across a missed Finished, EndOfEarlyData or KeyUpdate, lets a key log
    /// holding only the application secrets decrypt the application data, and skips rejected 0-RTT
    /// records without derailing the handshake keys.
    /// </summary>
    private bool TryDecryptTls13(DirectionState s, ushort wireVersion, ReadOnlySpan<byte> fragment,
        out int length, out DecryptFailureReason reason)
    {
        length = 0;
        EnsureScratch(s, fragment.Length);
        bool currentHasKey = EnsureCurrentDecryptor(s);
        if (s.Decryptor is { } current)
        {
            for (int k = 0; k <= s.TrialWindow; k++)
            {
                if (current.Decrypt(Wire.ContentType.ApplicationData, wireVersion, s.Sequence + (ulong)k, fragment, s.Scratch, out length) == RecordDecryptStatus.Ok)
                {
                    s.Sequence += (ulong)k + 1;
                    s.TrialWindow = 0;
                    reason = default;
                    return true;
                }
            }
        }

        // Later stages, nearest first.
        foreach (var (stage, generation) in NextStages(s))
        {
            var candidate = GetCandidate(s, stage, generation);
            if (candidate is null)
            {
                continue;
            }

            for (int k = 0; k <= s.TrialWindow; k++)
            {
                if (candidate.Value.Decryptor.Decrypt(Wire.ContentType.ApplicationData, wireVersion, (ulong)k, fragment, s.Scratch, out length) == RecordDecryptStatus.Ok)
                {
                    AdoptCandidate(s, stage, generation);
                    s.Sequence = (ulong)k + 1;
                    reason = default;
                    return true;
                }
            }
        }

        s.TrialWindow = Math.Min(_options.MaxTrialWindow, s.TrialWindow + 1);
        if (!currentHasKey)
        {
            reason = s.Stage == Tls13Stage.Early && EarlyData == EarlyDataStatus.Rejected
                ? DecryptFailureReason.EarlyDataRejected
                : DecryptFailureReason.NoKeys;
        }
        else
        {
            reason = DecryptFailureReason.BadRecordMac;
        }

        return false;
    }

    private IEnumerable<(Tls13Stage Stage, int Generation)> NextStages(DirectionState s)
    {
        switch (s.Stage)
        {
            case Tls13Stage.Early:
                yield return (Tls13Stage.Handshake, 0);
                yield return (Tls13Stage.Application, 0);
                break;
            case Tls13Stage.Handshake:
                yield return (Tls13Stage.Application, 0);
                break;
            default:
                yield return (Tls13Stage.Application, s.Generation + 1);
                break;
        }
    }

    /// <summary>Moves a direction to a later stage (on Finished, EndOfEarlyData, KeyUpdate — RFC 8446 §7.3, §4.6.3).</summary>
    private void SwitchStage(DirectionState s, Tls13Stage stage, int generation)
    {
        if (s.Stage == stage && s.Generation == generation && s.Decryptor is not null)
        {
            return;
        }

        if (GetCandidate(s, stage, generation) is not null)
        {
            AdoptCandidate(s, stage, generation);
            return;
        }

        s.SetDecryptor(null);
        s.Stage = stage;
        s.Generation = generation;
        if (s.TrafficSecret is not null)
        {
            CryptographicOperations.ZeroMemory(s.TrafficSecret);
        }

        s.TrafficSecret = null;
    }

    private void AdoptCandidate(DirectionState s, Tls13Stage stage, int generation)
    {
        var key = (s.Direction, stage, generation);
        var (decryptor, secret) = _candidates[key];
        _candidates.Remove(key);
        s.SetDecryptor(decryptor);
        s.Stage = stage;
        s.Generation = generation;
        if (s.TrafficSecret is not null)
        {
            CryptographicOperations.ZeroMemory(s.TrafficSecret);
        }

        s.TrafficSecret = secret;
        // Candidates for stages now behind us are useless.
        foreach (var stale in _candidates.Keys.Where(k => k.Item1 == s.Direction && (k.Item2 < stage || (k.Item2 == stage && k.Item3 <= generation))).ToList())
        {
            DiscardCandidate(stale);
        }

        _sink.OnKeysAvailable(this);
    }

    /// <summary>Loads the current stage's keys if they are not loaded yet (they may arrive later in a live capture).</summary>
    private bool EnsureCurrentDecryptor(DirectionState s)
    {
        if (s.Decryptor is not null)
        {
            return true;
        }

        if (GetCandidate(s, s.Stage, s.Generation) is null)
        {
            return false;
        }

        ulong sequence = s.Sequence;
        int window = s.TrialWindow;
        AdoptCandidate(s, s.Stage, s.Generation);
        s.Sequence = sequence;
        s.TrialWindow = window;
        return true;
    }

    private (RecordDecryptor Decryptor, byte[] Secret)? GetCandidate(DirectionState s, Tls13Stage stage, int generation)
    {
        var key = (s.Direction, stage, generation);
        if (_candidates.TryGetValue(key, out var existing))
        {
            return existing;
        }

        // RFC 8446 §4.1.3: a TLS 1.3 ServerHello must select a TLS 1.3 suite; anything else has no keys.
        if (ClientRandom is null || _handshake?.Suite is not { IsSupported: true, IsTls13: true } suite)
        {
            return null;
        }

        byte[]? secret = LookupTls13Secret(s, stage, generation, suite);
        if (secret is null)
        {
            return null;
        }

        // RFC 8446 §7.1: traffic secrets are Hash.length bytes. A key log may hold a 32-byte secret for a
        // SHA-384 suite (lines of another connection, or a broken logger): unusable, not a crash.
        if (secret.Length != HashSizes.Of(suite.PrfHash))
        {
            CryptographicOperations.ZeroMemory(secret);
            if (!_loggedSecretLength)
            {
                _loggedSecretLength = true;
                _log.Warning("Connection {Connection}: a {Length}-byte TLS 1.3 secret does not fit {Suite} ({Needed} bytes); ignored",
                    ToString(), secret.Length, suite.Name, HashSizes.Of(suite.PrfHash));
            }

            return null;
        }

        var (k, iv) = Tls13KeySchedule.DeriveTrafficKeys(suite, secret);
        try
        {
            var decryptor = RecordDecryptor.CreateTls13(suite, k, iv, TlsVersionNames.UsesHeaderAsAdditionalData(_version));
            _candidates[key] = (decryptor, secret);
            return (decryptor, secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(k);
            CryptographicOperations.ZeroMemory(iv);
        }
    }

    private byte[]? LookupTls13Secret(DirectionState s, Tls13Stage stage, int generation, CipherSuiteInfo suite)
    {
        bool client = s.Direction == Direction.ClientToServer;
        KeyLogLabel label = stage switch
        {
            Tls13Stage.Early => KeyLogLabel.ClientEarlyTrafficSecret,
            Tls13Stage.Handshake => client ? KeyLogLabel.ClientHandshakeTrafficSecret : KeyLogLabel.ServerHandshakeTrafficSecret,
            _ => client ? KeyLogLabel.ClientTrafficSecret : KeyLogLabel.ServerTrafficSecret,
        };
        if (stage == Tls13Stage.Early && !client)
        {
            return null;
        }

        if (_keys.TryGetSecret(label, ClientRandom, generation, out var secret))
        {
            // Already a copy owned by this connection (zeroed when the stage is left or the connection ends).
            return secret;
        }

        // RFC 8446 §7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length).
        if (stage == Tls13Stage.Application && generation > 0)
        {
            byte[]? previous = s.Stage == Tls13Stage.Application && s.Generation == generation - 1
                ? s.TrafficSecret
                : _candidates.TryGetValue((s.Direction, stage, generation - 1), out var prior) ? prior.Secret : null;
            if (previous is not null)
            {
                return Tls13KeySchedule.NextTrafficSecret(suite.PrfHash, previous);
            }
        }

        return null;
    }

    private void DisposeCandidates(DirectionState s)
    {
        foreach (var key in _candidates.Keys.Where(k => k.Item1 == s.Direction).ToList())
        {
            DiscardCandidate(key);
        }
    }

    /// <summary>Drops a candidate: its decryptor disposed, its secret zeroed (style rule 8).</summary>
    private void DiscardCandidate((Direction, Tls13Stage, int) key)
    {
        var (decryptor, secret) = _candidates[key];
        decryptor.Dispose();
        CryptographicOperations.ZeroMemory(secret);
        _candidates.Remove(key);
    }
}
