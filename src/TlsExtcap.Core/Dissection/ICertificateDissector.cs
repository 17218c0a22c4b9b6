namespace TlsExtcap.Core.Dissection;

/// <summary>Dissects one certificate's bytes (X.509 DER for the X509 certificate type, RFC 8446 §4.4.2).</summary>
public interface ICertificateDissector
{
    /// <summary><paramref name="certificate"/> covers the DER encoding; children are added to it.</summary>
    void Dissect(AnnotationNode certificate, DissectionContext context);
}
