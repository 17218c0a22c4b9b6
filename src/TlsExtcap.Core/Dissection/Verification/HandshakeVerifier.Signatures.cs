namespace TlsExtcap.Core.Dissection.Verification;

public sealed partial class HandshakeVerifier
{
    public void CheckCertificateVerify(AnnotationNode signature, ushort scheme, DissectionContext context)
    {
        // TODO(issue 4): verify with the leaf certificate's key once the X.509 checks land.
        signature.Value ??= "not checked";
    }

    public void CheckServerKeyExchange(AnnotationNode signature, ushort scheme, ReadOnlySpan<byte> parameters, DissectionContext context)
    {
        // TODO(issue 4): verify with the leaf certificate's key once the X.509 checks land.
        signature.Value ??= "not checked";
    }
}
