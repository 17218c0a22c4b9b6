using System.Security.Cryptography;
using System.Text;

namespace TlsExtcap.Core.Crypto;

/// <summary>
/// The TLS 1.3 key schedule, RFC 8446 §7.1 (labels are prefixed "tls13 "; drafts ≥ 20 use the same labels):
/// <code>
///              0
///              |
///              v
///    PSK -&gt;  HKDF-Extract = Early Secret
///              |
///              +-----&gt; Derive-Secret(., "ext binder" | "res binder", "") = binder_key
///              +-----&gt; Derive-Secret(., "c e traffic", ClientHello) = client_early_traffic_secret
///              +-----&gt; Derive-Secret(., "e exp master", ClientHello) = early_exporter_master_secret
///              v
///        Derive-Secret(., "derived", "")
///              |
///              v
///    (EC)DHE -&gt; HKDF-Extract = Handshake Secret
///              |
///              +-----&gt; Derive-Secret(., "c hs traffic", ClientHello...ServerHello) = client_handshake_traffic_secret
///              +-----&gt; Derive-Secret(., "s hs traffic", ClientHello...ServerHello) = server_handshake_traffic_secret
///              v
///        Derive-Secret(., "derived", "")
///              |
///              v
///    0 -&gt; HKDF-Extract = Master Secret
///              |
///              +-----&gt; Derive-Secret(., "c ap traffic", ClientHello...server Finished) = client_application_traffic_secret_0
///              +-----&gt; Derive-Secret(., "s ap traffic", ClientHello...server Finished) = server_application_traffic_secret_0
///              +-----&gt; Derive-Secret(., "exp master", ClientHello...server Finished) = exporter_master_secret
///              +-----&gt; Derive-Secret(., "res master", ClientHello...client Finished) = resumption_master_secret
/// </code>
/// </summary>
public static class Tls13KeySchedule
{
    private const string LabelPrefix = "tls13 ";

    /// <summary>RFC 5869 §2.2 HKDF-Extract(salt, IKM); an empty salt is HashLen zeros.</summary>
    public static byte[] HkdfExtract(HashAlgorithmName hash, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ikm)
    {
        byte[] prk = new byte[HashSizes.Of(hash)];
        HKDF.Extract(hash, ikm, salt, prk);
        return prk;
    }

    /// <summary>
    /// RFC 8446 §7.1: HKDF-Expand(Secret, HkdfLabel, Length) with
    /// struct { uint16 length; opaque label&lt;7..255&gt; = "tls13 " + Label; opaque context&lt;0..255&gt;; } HkdfLabel.
    /// </summary>
    public static byte[] HkdfExpandLabel(HashAlgorithmName hash, ReadOnlySpan<byte> secret, string label, ReadOnlySpan<byte> context, int length)
    {
        ArgumentNullException.ThrowIfNull(label);
        int labelLength = LabelPrefix.Length + Encoding.ASCII.GetByteCount(label);
        if (labelLength > 255 || context.Length > 255 || length is < 0 or > ushort.MaxValue)
        {
            // RFC 8446 §7.1: label<7..255>, context<0..255>, uint16 length.
            throw new ArgumentException("HkdfLabel field out of range.");
        }

        Span<byte> info = stackalloc byte[2 + 1 + 255 + 1 + 255];
        int offset = 0;
        info[offset++] = (byte)(length >> 8);
        info[offset++] = (byte)length;
        info[offset++] = (byte)labelLength;
        offset += Encoding.ASCII.GetBytes(LabelPrefix, info[offset..]);
        offset += Encoding.ASCII.GetBytes(label, info[offset..]);
        info[offset++] = (byte)context.Length;
        context.CopyTo(info[offset..]);
        offset += context.Length;

        byte[] output = new byte[length];
        HKDF.Expand(hash, secret, output, info[..offset]);
        return output;
    }

    /// <summary>RFC 8446 §7.1: Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length).</summary>
    public static byte[] DeriveSecret(HashAlgorithmName hash, ReadOnlySpan<byte> secret, string label, ReadOnlySpan<byte> transcriptHash) =>
        HkdfExpandLabel(hash, secret, label, transcriptHash, HashSizes.Of(hash));

    /// <summary>RFC 8446 §7.3: write_key = HKDF-Expand-Label(Secret, "key", "", key_length), write_iv = HKDF-Expand-Label(Secret, "iv", "", iv_length).</summary>
    public static (byte[] Key, byte[] Iv) DeriveTrafficKeys(CipherSuiteInfo suite, ReadOnlySpan<byte> trafficSecret)
    {
        ArgumentNullException.ThrowIfNull(suite);
        if (!suite.IsTls13 || !suite.IsSupported)
        {
            throw new NotSupportedException($"No TLS 1.3 traffic keys for {suite}.");
        }

        return (HkdfExpandLabel(suite.PrfHash, trafficSecret, "key", default, suite.KeyLength),
                HkdfExpandLabel(suite.PrfHash, trafficSecret, "iv", default, suite.FixedIvLength));
    }

    /// <summary>RFC 8446 §7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "", Hash.length).</summary>
    public static byte[] NextTrafficSecret(HashAlgorithmName hash, ReadOnlySpan<byte> trafficSecret) =>
        HkdfExpandLabel(hash, trafficSecret, "traffic upd", default, HashSizes.Of(hash));

    /// <summary>RFC 8446 §4.4.4: verify_data = HMAC(HKDF-Expand-Label(BaseKey, "finished", "", Hash.length), Transcript-Hash).</summary>
    public static byte[] ComputeFinishedVerifyData(HashAlgorithmName hash, ReadOnlySpan<byte> baseKey, ReadOnlySpan<byte> transcriptHash)
    {
        byte[] finishedKey = HkdfExpandLabel(hash, baseKey, "finished", default, HashSizes.Of(hash));
        try
        {
            using IncrementalHash hmac = IncrementalHash.CreateHMAC(hash, finishedKey);
            hmac.AppendData(transcriptHash);
            return hmac.GetHashAndReset();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(finishedKey);
        }
    }

    /// <summary>
    /// Early Secret = HKDF-Extract(0, PSK or HashLen zeros); Handshake Secret = HKDF-Extract(Derive-Secret(Early, "derived", ""), (EC)DHE);
    /// client/server handshake traffic secrets over Transcript-Hash(ClientHello..ServerHello).
    /// </summary>
    public static Tls13Secrets ComputeHandshakeSecrets(HashAlgorithmName hash, ReadOnlySpan<byte> psk, ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> helloTranscriptHash)
    {
        int hashLength = HashSizes.Of(hash);
        Span<byte> zeros = stackalloc byte[hashLength];
        zeros.Clear();
        byte[] early = HkdfExtract(hash, zeros, psk.IsEmpty ? zeros : psk);
        byte[] derived = DeriveSecret(hash, early, "derived", EmptyHash(hash, stackalloc byte[HashSizes.MaxLength]));
        try
        {
            byte[] handshake = HkdfExtract(hash, derived, sharedSecret);
            return new Tls13Secrets
            {
                EarlySecret = early,
                HandshakeSecret = handshake,
                ClientHandshakeTrafficSecret = DeriveSecret(hash, handshake, "c hs traffic", helloTranscriptHash),
                ServerHandshakeTrafficSecret = DeriveSecret(hash, handshake, "s hs traffic", helloTranscriptHash),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    /// <summary>
    /// Master Secret = HKDF-Extract(Derive-Secret(Handshake, "derived", ""), HashLen zeros); client/server application traffic
    /// secret 0 and the exporter master secret over Transcript-Hash(ClientHello..server Finished).
    /// </summary>
    public static Tls13Secrets ComputeApplicationSecrets(HashAlgorithmName hash, ReadOnlySpan<byte> handshakeSecret, ReadOnlySpan<byte> serverFinishedTranscriptHash)
    {
        int hashLength = HashSizes.Of(hash);
        Span<byte> zeros = stackalloc byte[hashLength];
        zeros.Clear();
        byte[] derived = DeriveSecret(hash, handshakeSecret, "derived", EmptyHash(hash, stackalloc byte[HashSizes.MaxLength]));
        try
        {
            byte[] master = HkdfExtract(hash, derived, zeros);
            return new Tls13Secrets
            {
                MasterSecret = master,
                ClientApplicationTrafficSecret0 = DeriveSecret(hash, master, "c ap traffic", serverFinishedTranscriptHash),
                ServerApplicationTrafficSecret0 = DeriveSecret(hash, master, "s ap traffic", serverFinishedTranscriptHash),
                ExporterMasterSecret = DeriveSecret(hash, master, "exp master", serverFinishedTranscriptHash),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    private static ReadOnlySpan<byte> EmptyHash(HashAlgorithmName hash, Span<byte> buffer)
    {
        using IncrementalHash h = IncrementalHash.CreateHash(hash);
        int written = h.GetHashAndReset(buffer);
        return buffer[..written];
    }
}
