namespace TlsExtcap.Core.Crypto;

/// <summary>Outcome of decrypting one record, named after the alerts of RFC 5246 §7.2.2 / RFC 8446 §6.2.</summary>
public enum RecordDecryptStatus
{
    Ok,

    /// <summary>The MAC or AEAD tag did not verify (wrong key, wrong sequence number, or tampering).</summary>
    BadRecordMac,

    /// <summary>CBC padding malformed (RFC 5246 §6.2.3.2).</summary>
    BadPadding,

    /// <summary>Fragment shorter than the suite's explicit IV, tag, MAC and padding allow.</summary>
    RecordTooShort,

    /// <summary>Ciphertext or plaintext over the RFC 5246 §6.2.3 / RFC 8446 §5.2 limits.</summary>
    RecordOverflow,

    /// <summary>The suite is known by name only.</summary>
    UnsupportedCipher,
}
