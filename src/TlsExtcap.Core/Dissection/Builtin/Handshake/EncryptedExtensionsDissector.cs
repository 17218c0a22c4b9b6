using TlsExtcap.Core.Dissection.Builtin.Extensions;

namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>RFC 8446 §4.3.1: struct { Extension extensions&lt;0..2^16-1&gt;; } EncryptedExtensions.</summary>
internal sealed class EncryptedExtensionsDissector : IHandshakeDissector
{
    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        ExtensionList.Dissect(ref body, context);
        body.EnsureEnd();
    }
}
