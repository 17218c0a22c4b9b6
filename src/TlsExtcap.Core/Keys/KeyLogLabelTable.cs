using System.Text;

namespace TlsExtcap.Core.Keys;

/// <summary>
/// The text of each <see cref="KeyLogLabel"/> and the field lengths it allows
/// (draft-ietf-tls-keylogfile §3 / RFC 9850 §3.1, plus Wireshark's <c>RSA</c> and <c>PMS_CLIENT_RANDOM</c>).
/// </summary>
internal static class KeyLogLabelTable
{
    /// <summary>Length of a client random (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2).</summary>
    public const int ClientRandomLength = 32;

    /// <summary>An <c>RSA</c> line is keyed by the first 8 bytes of the encrypted pre-master secret.</summary>
    public const int RsaIdentifierLength = 8;

    /// <summary>RFC 5246 §8.1: master_secret is always 48 bytes.</summary>
    public const int MasterSecretLength = 48;

    /// <summary>RFC 5246 §7.4.7.1: the RSA PreMasterSecret is 2 + 46 bytes.</summary>
    public const int RsaPreMasterSecretLength = 48;

    /// <summary>Upper bound for a (EC)DHE pre-master secret: 8192-bit FFDHE is 1024 bytes (RFC 7919).</summary>
    public const int MaxPreMasterSecretLength = 1024;

    /// <summary>The largest CLIENT/SERVER_TRAFFIC_SECRET_N generation accepted (KeyUpdate count).</summary>
    public const int MaxGeneration = 999_999_999;

    private static readonly (KeyLogLabel Label, string Text)[] Fixed =
    [
        (KeyLogLabel.ClientRandom, "CLIENT_RANDOM"),
        (KeyLogLabel.ClientEarlyTrafficSecret, "CLIENT_EARLY_TRAFFIC_SECRET"),
        (KeyLogLabel.ClientHandshakeTrafficSecret, "CLIENT_HANDSHAKE_TRAFFIC_SECRET"),
        (KeyLogLabel.ServerHandshakeTrafficSecret, "SERVER_HANDSHAKE_TRAFFIC_SECRET"),
        (KeyLogLabel.ExporterSecret, "EXPORTER_SECRET"),
        (KeyLogLabel.EarlyExporterSecret, "EARLY_EXPORTER_SECRET"),
        (KeyLogLabel.Rsa, "RSA"),
        (KeyLogLabel.PmsClientRandom, "PMS_CLIENT_RANDOM"),
    ];

    private static readonly byte[][] FixedUtf8 = Fixed.Select(f => Encoding.ASCII.GetBytes(f.Text)).ToArray();

    private static ReadOnlySpan<byte> ClientTrafficPrefix => "CLIENT_TRAFFIC_SECRET_"u8;

    private static ReadOnlySpan<byte> ServerTrafficPrefix => "SERVER_TRAFFIC_SECRET_"u8;

    /// <summary>True for the labels whose text carries a generation number N.</summary>
    public static bool HasGeneration(KeyLogLabel label) =>
        label is KeyLogLabel.ClientTrafficSecret or KeyLogLabel.ServerTrafficSecret;

    /// <summary>True for the labels keyed by a client random (all but <c>RSA</c>).</summary>
    public static bool IsKeyedByClientRandom(KeyLogLabel label) => label != KeyLogLabel.Rsa;

    /// <summary>Parses a label field (case-sensitive, as NSS writes it).</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out KeyLogLabel label, out int generation)
    {
        generation = 0;
        for (int i = 0; i < FixedUtf8.Length; i++)
        {
            if (text.SequenceEqual(FixedUtf8[i]))
            {
                label = Fixed[i].Label;
                return true;
            }
        }

        if (text.StartsWith(ClientTrafficPrefix))
        {
            label = KeyLogLabel.ClientTrafficSecret;
            return TryParseGeneration(text[ClientTrafficPrefix.Length..], out generation);
        }

        if (text.StartsWith(ServerTrafficPrefix))
        {
            label = KeyLogLabel.ServerTrafficSecret;
            return TryParseGeneration(text[ServerTrafficPrefix.Length..], out generation);
        }

        label = default;
        return false;
    }

    /// <summary>The label text as written in a key log line, e.g. <c>CLIENT_TRAFFIC_SECRET_3</c>.</summary>
    public static string ToText(KeyLogLabel label, int generation) => label switch
    {
        KeyLogLabel.ClientTrafficSecret => "CLIENT_TRAFFIC_SECRET_" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture),
        KeyLogLabel.ServerTrafficSecret => "SERVER_TRAFFIC_SECRET_" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Fixed.First(f => f.Label == label).Text,
    };

    /// <summary>The identifier length the label requires.</summary>
    public static int IdentifierLength(KeyLogLabel label) =>
        label == KeyLogLabel.Rsa ? RsaIdentifierLength : ClientRandomLength;

    /// <summary>Whether a secret of <paramref name="length"/> bytes is plausible for the label.</summary>
    public static bool IsValidSecretLength(KeyLogLabel label, int length) => label switch
    {
        // RFC 5246 §8.1: the master secret is 48 bytes.
        KeyLogLabel.ClientRandom => length == MasterSecretLength,

        // RFC 5246 §7.4.7.1: the RSA pre-master secret is 48 bytes.
        KeyLogLabel.Rsa => length == RsaPreMasterSecretLength,

        // (EC)DHE shared secrets vary with the group (RFC 8422 §5.10, RFC 7919 §2).
        KeyLogLabel.PmsClientRandom => length is >= 1 and <= MaxPreMasterSecretLength,

        // RFC 8446 §7.1: TLS 1.3 secrets are Hash.length: 32 (SHA-256) or 48 (SHA-384); 64 (SHA-512) is tolerated.
        _ => length is 32 or 48 or 64,
    };

    private static bool TryParseGeneration(ReadOnlySpan<byte> digits, out int generation)
    {
        generation = 0;
        if (digits.IsEmpty || digits.Length > 9)
        {
            return false;
        }

        foreach (byte b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                generation = 0;
                return false;
            }

            generation = (generation * 10) + (b - '0');
        }

        return true;
    }
}
