using System.Globalization;

namespace TlsExtcap.Core.Keys;

/// <summary>
/// One line of an NSS key log: a label, the connection identifier and the secret.
/// <see cref="ToString"/> never prints the secret; <see cref="Format"/> does, for writing key logs.
/// </summary>
public sealed class KeyLogEntry
{
    private readonly byte[] _identifier;
    private readonly byte[] _secret;

    /// <summary>Creates an entry from copies of <paramref name="identifier"/> and <paramref name="secret"/>.</summary>
    /// <exception cref="ArgumentException">A length or the generation is not valid for <paramref name="label"/>.</exception>
    public KeyLogEntry(KeyLogLabel label, ReadOnlySpan<byte> identifier, ReadOnlySpan<byte> secret, int generation = 0)
    {
        if (!Enum.IsDefined(label))
        {
            throw new ArgumentOutOfRangeException(nameof(label));
        }

        if (identifier.Length != KeyLogLabelTable.IdentifierLength(label))
        {
            throw new ArgumentException($"{label} needs a {KeyLogLabelTable.IdentifierLength(label)}-byte identifier.", nameof(identifier));
        }

        if (!KeyLogLabelTable.IsValidSecretLength(label, secret.Length))
        {
            throw new ArgumentException($"A {secret.Length}-byte secret is not valid for {label}.", nameof(secret));
        }

        bool hasGeneration = KeyLogLabelTable.HasGeneration(label);
        if (generation < 0 || generation > KeyLogLabelTable.MaxGeneration || (!hasGeneration && generation != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(generation));
        }

        Label = label;
        Generation = generation;
        _identifier = identifier.ToArray();
        _secret = secret.ToArray();
    }

    /// <summary>Takes ownership of already validated arrays (parser path, no extra copy).</summary>
    private KeyLogEntry(KeyLogLabel label, int generation, byte[] identifier, byte[] secret)
    {
        Label = label;
        Generation = generation;
        _identifier = identifier;
        _secret = secret;
    }

    /// <summary>The label of the line.</summary>
    public KeyLogLabel Label { get; }

    /// <summary>N of <c>CLIENT_TRAFFIC_SECRET_N</c> / <c>SERVER_TRAFFIC_SECRET_N</c>; 0 for every other label.</summary>
    public int Generation { get; }

    /// <summary>The 32-byte client random, or for <c>RSA</c> the first 8 bytes of the encrypted pre-master secret.</summary>
    public ReadOnlyMemory<byte> Identifier => _identifier;

    /// <summary>The secret. Callers that copy it must zero their copy when done.</summary>
    public ReadOnlyMemory<byte> Secret => _secret;

    /// <summary>The label text as it appears in a key log, e.g. <c>CLIENT_TRAFFIC_SECRET_0</c>.</summary>
    public string LabelText => KeyLogLabelTable.ToText(Label, Generation);

    /// <summary>The NSS key log line (without line terminator): <c>LABEL &lt;hex id&gt; &lt;hex secret&gt;</c>, lower-case hex.</summary>
    public string Format() =>
        string.Create(CultureInfo.InvariantCulture, $"{LabelText} {Convert.ToHexStringLower(_identifier)} {Convert.ToHexStringLower(_secret)}");

    /// <summary>Length in bytes of <see cref="WriteLine"/>'s output: the line and its LF.</summary>
    public int LineLength => LabelText.Length + 1 + (2 * _identifier.Length) + 1 + (2 * _secret.Length) + 1;

    /// <summary>Label, generation and identifier — what tells entries apart in a key log, without the secret.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{LabelText} {Convert.ToHexStringLower(_identifier)}");

    /// <summary>
    /// Writes the NSS key log line and its LF as ASCII into <paramref name="destination"/> (at least
    /// <see cref="LineLength"/> bytes) without making a string that holds the secret; the caller zeroes
    /// the buffer after use. Returns the bytes written.
    /// </summary>
    public int WriteLine(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, LineLength, nameof(destination));
        string label = LabelText;
        int at = System.Text.Encoding.ASCII.GetBytes(label, destination);
        destination[at++] = (byte)' ';
        Convert.TryToHexStringLower(_identifier, destination[at..], out int written);
        at += written;
        destination[at++] = (byte)' ';
        Convert.TryToHexStringLower(_secret, destination[at..], out written);
        at += written;
        destination[at++] = (byte)'\n';
        return at;
    }

    /// <summary>Label and identifier only; the secret is shown as its length.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{LabelText} {Convert.ToHexStringLower(_identifier)} <secret, {_secret.Length} bytes>");

    internal static KeyLogEntry FromOwnedArrays(KeyLogLabel label, int generation, byte[] identifier, byte[] secret) =>
        new(label, generation, identifier, secret);

    /// <summary>True if both entries have the same label, generation, identifier and secret.</summary>
    internal bool SameAs(KeyLogEntry other) =>
        Label == other.Label && Generation == other.Generation
        && _identifier.AsSpan().SequenceEqual(other._identifier)
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(_secret, other._secret);
}
