using TlsExtcap.Core.Dissection.Registries;

namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>
/// RFC 8446 §4.4.3: struct { SignatureScheme algorithm; opaque signature&lt;0..2^16-1&gt;; } CertificateVerify
/// (the same in TLS 1.2, RFC 5246 §7.4.8; TLS 1.0/1.1 have the signature alone).
/// </summary>
internal sealed class CertificateVerifyDissector : IHandshakeDissector
{
    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        ushort scheme = 0;
        if (context.HasSignatureAlgorithms)
        {
            scheme = body.UInt16("Signature Algorithm", out var schemeNode);
            Describe.Named(schemeNode, SignatureSchemes.Registry, scheme);
        }

        var signature = body.Vector(2, "Signature", out var signatureNode, context.IsTls13
            ? $"the {(context.FromClient ? "client" : "server")} signs, with its certificate's private key, 64 spaces, the context string \"TLS 1.3, {(context.FromClient ? "client" : "server")} CertificateVerify\", a zero byte and the transcript hash: proof that it holds the key (RFC 8446 §4.4.3)"
            : "the client signs the handshake messages so far with its certificate's private key (RFC 5246 §7.4.8)");
        signature.Rest("Signature Value", FieldReader.Bytes(signature.Remaining));
        body.EnsureEnd();
        context.Checks?.CheckCertificateVerify(signatureNode, scheme, context);
        body.Parent.Value = $"{body.Parent.Value}; {SignatureSchemes.Registry.GetName(scheme)}{(signatureNode.Value is { } v ? ", " + v : string.Empty)}";
        body.Parent.Severity = signatureNode.Severity;
    }
}
