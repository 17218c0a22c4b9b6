using System.Security.Cryptography;
using System.Text;
using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Dissection.X509;

namespace TlsExtcap.Core.Dissection.Verification;

public sealed partial class HandshakeVerifier
{
    /// <summary>RFC 8446 §4.4.3: 64 spaces, the context string, a zero byte, then the transcript hash.</summary>
    private static readonly byte[] Spaces = [.. Enumerable.Repeat((byte)0x20, 64)];

    public void CheckCertificateVerify(AnnotationNode signature, ushort scheme, DissectionContext context)
    {
        var certificates = context.FromClient ? _clientCertificates : _serverCertificates;
        if (certificates.Count == 0)
        {
            Mark(signature, null, "no certificate from this side was seen");
            return;
        }

        if (_overflow)
        {
            Mark(signature, null, "the handshake is too long to keep");
            return;
        }

        var value = signature.Bytes[2..];
        if (context.IsTls13)
        {
            if (context.CipherSuite is not { } suiteValue || !CipherSuiteRegistry.TryGet(suiteValue, out var suite))
            {
                Mark(signature, null, "the cipher suite is unknown");
                return;
            }

            string label = context.FromClient ? "TLS 1.3, client CertificateVerify" : "TLS 1.3, server CertificateVerify";
            byte[] content = [.. Spaces, .. Encoding.ASCII.GetBytes(label), 0, .. TranscriptHash(suite.PrfHash)];
            Mark(signature, TlsSignatureVerifier.Verify(certificates[0], scheme, content, value), null);
            return;
        }

        // RFC 5246 §7.4.8: the signature covers every handshake message before the CertificateVerify.
        Mark(signature, VerifyTls12(certificates[0], scheme, Concatenated(), value, context), null);
    }

    public void CheckServerKeyExchange(AnnotationNode signature, ushort scheme, ReadOnlySpan<byte> parameters, DissectionContext context)
    {
        if (_serverCertificates.Count == 0 || _clientRandom is null || _serverRandom is null)
        {
            Mark(signature, null, _serverCertificates.Count == 0 ? "no server certificate was seen" : "the hellos were not captured");
            return;
        }

        // RFC 5246 §7.4.3 / RFC 8422 §5.4: signed over client_random + server_random + the parameters.
        byte[] content = [.. _clientRandom, .. _serverRandom, .. parameters];
        Mark(signature, VerifyTls12(_serverCertificates[0], scheme, content, signature.Bytes[2..], context), null);
    }

    /// <summary>Checks each certificate of a chain with the key of the one after it (RFC 5280 §6.1.3).</summary>
    private static void CheckChain(IReadOnlyList<AnnotationNode> certificates)
    {
        for (int i = 0; i < certificates.Count; i++)
        {
            var signature = certificates[i].Children.LastOrDefault(c => c.Name == "Signature");
            if (signature is null)
            {
                continue;
            }

            if (i + 1 < certificates.Count)
            {
                var result = CertificateSignatureChecker.VerifyIssuedBy(certificates[i].Bytes, certificates[i + 1].Bytes);
                signature.Value = result.IsValid ? $"verified: {result.Reason} (certificate {i + 2})" : $"not verified: {result.Reason}";
                signature.Severity = result.Outcome switch
                {
                    SignatureCheck.Valid => AnnotationSeverity.Verified,
                    SignatureCheck.Invalid => AnnotationSeverity.Error,
                    _ => AnnotationSeverity.Warning,
                };
                continue;
            }

            var self = CertificateSignatureChecker.VerifyIssuedBy(certificates[i].Bytes, certificates[i].Bytes);
            signature.Value = self.IsValid
                ? "verified: self-signed (a root; trust in it comes from the client's store, not from the capture)"
                : "not checked: the issuer's certificate is not in the chain (clients find it in their trust store)";
            signature.Severity = self.IsValid ? AnnotationSeverity.Verified : AnnotationSeverity.None;
        }
    }

    private static SignatureCheckResult VerifyTls12(byte[] leaf, ushort scheme, byte[] content, ReadOnlySpan<byte> signature, DissectionContext context)
    {
        if (context.HasSignatureAlgorithms)
        {
            return TlsSignatureVerifier.Verify(leaf, scheme, content, signature);
        }

        // TLS 1.0/1.1 (RFC 4346 §7.4.3): RSA signs MD5 || SHA-1 without DigestInfo; ECDSA signs SHA-1 (RFC 4492 §5.4).
        return TlsSignatureVerifier.HasRsaKey(leaf)
            ? TlsSignatureVerifier.VerifyLegacyRsa(leaf, [.. MD5.HashData(content), .. SHA1.HashData(content)], signature)
            : TlsSignatureVerifier.Verify(leaf, 0x0203, content, signature);
    }

    private static void Mark(AnnotationNode signature, SignatureCheckResult? result, string? notChecked)
    {
        if (result is not { } r)
        {
            signature.Value = $"not checked: {notChecked}";
            return;
        }

        signature.Value = r.Outcome switch
        {
            SignatureCheck.Valid => "verified",
            SignatureCheck.Invalid => "invalid (wrong certificate, or the handshake was altered?)",
            _ => $"not checked: {r.Reason}",
        };
        signature.Severity = r.Outcome switch
        {
            SignatureCheck.Valid => AnnotationSeverity.Verified,
            SignatureCheck.Invalid => AnnotationSeverity.Error,
            _ => AnnotationSeverity.Warning,
        };
        signature.Text = $"{signature.Text}; checked: {r.Reason}";
    }
}
