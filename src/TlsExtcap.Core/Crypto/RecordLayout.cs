namespace TlsExtcap.Core.Crypto;

/// <summary>
/// Where the parts of a protected record's fragment lie: an explicit IV or nonce first
/// (<see cref="PrefixLength"/>), then the ciphertext, then what follows it in the clear
/// (<see cref="SuffixLength"/>: the AEAD tag, or the MAC of encrypt-then-MAC). <see cref="MacLength"/> is
/// the MAC length of MAC-based suites (inside the ciphertext for MAC-then-encrypt).
/// </summary>
public readonly record struct RecordLayout(RecordProtection Protection, int PrefixLength, int SuffixLength, int MacLength, bool EncryptThenMac)
{
    public static RecordLayout Unknown => default;
}
