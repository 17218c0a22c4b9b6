namespace TlsExtcap.Core.Dissection;

/// <summary>
/// Verification the handshake dissectors can ask for while they annotate: the annotator keeps the
/// transcript and the connection's secrets, the dissectors know where the fields are.
/// </summary>
public interface IHandshakeChecks
{
    /// <summary>Recomputes a Finished verify_data (RFC 8446 §4.4.4, RFC 5246 §7.4.9) and marks <paramref name="verifyData"/>.</summary>
    void CheckFinished(AnnotationNode verifyData, DissectionContext context);

    /// <summary>Checks a CertificateVerify signature with the sender's leaf certificate (RFC 8446 §4.4.3, RFC 5246 §7.4.8).</summary>
    void CheckCertificateVerify(AnnotationNode signature, ushort scheme, DissectionContext context);

    /// <summary>Checks a ServerKeyExchange signature over the randoms and the parameters (RFC 5246 §7.4.3, RFC 8422 §5.4).</summary>
    void CheckServerKeyExchange(AnnotationNode signature, ushort scheme, ReadOnlySpan<byte> parameters, DissectionContext context);

    /// <summary>Remembers the certificates (DER) of a Certificate message, leaf first.</summary>
    void OnCertificates(IReadOnlyList<AnnotationNode> certificates, DissectionContext context);
}
