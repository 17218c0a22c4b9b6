namespace TlsExtcap.Core.Tls.Session;

/// <summary>Why an encrypted record was not turned into plaintext.</summary>
public enum DecryptFailureReason
{
    /// <summary>No secret for this connection (and stage) is known.</summary>
    NoKeys,
    /// <summary>The AEAD tag or MAC did not verify under any candidate key and sequence number.</summary>
    BadRecordMac,
    /// <summary>CBC padding was malformed (RFC 5246 §6.2.3.2).</summary>
    BadPadding,
    /// <summary>The record is shorter than the cipher's overhead.</summary>
    RecordTooShort,
    /// <summary>The negotiated cipher suite is known by name only.</summary>
    UnsupportedCipherSuite,
    /// <summary>The handshake was not captured, so the connection's client random is unknown.</summary>
    NoHandshake,
    /// <summary>0-RTT data the server rejected and whose early secret is unknown.</summary>
    EarlyDataRejected,
    /// <summary>Bytes were lost before this record (TCP gap) and the stream cipher state cannot recover.</summary>
    StateLost,
}
