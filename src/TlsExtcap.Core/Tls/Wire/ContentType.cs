namespace TlsExtcap.Core.Tls.Wire;

/// <summary>TLS record content type. RFC 8446 §5.1, RFC 5246 §6.2.1.</summary>
public enum ContentType : byte
{
    Invalid = 0,
    ChangeCipherSpec = 20,
    Alert = 21,
    Handshake = 22,
    ApplicationData = 23,
    Heartbeat = 24,
    Tls12Cid = 25,
    Ack = 26,
}
