namespace TlsExtcap.Core.Dissection.Builtin.Records;

/// <summary>RFC 5246 §7.1: struct { enum { change_cipher_spec(1) } type; } ChangeCipherSpec.</summary>
internal sealed class ChangeCipherSpecDissector : IContentDissector
{
    public void Dissect(ref FieldReader content, DissectionContext context)
    {
        byte type = content.UInt8("Change Cipher Spec", out var node);
        node.Value = type == 1 ? "1 (change_cipher_spec)" : $"{type} (invalid: must be 1)";
        node.Severity = type == 1 ? AnnotationSeverity.None : AnnotationSeverity.Error;
        node.Text = context.IsTls13
            ? "a dummy record in TLS 1.3: it changes nothing and is sent only so that middleboxes which expect TLS 1.2 let the connection through (RFC 8446 §D.4)"
            : context.FromClient
                ? "the client switches to the negotiated keys: its next record, the Finished, is encrypted (RFC 5246 §7.1)"
                : "the server switches to the negotiated keys: its next record, the Finished, is encrypted (RFC 5246 §7.1)";
        if (context.IsDtls && context.Version == 0x0100 && content.Remaining == 2)
        {
            // OpenSSL before 0.9.8f (DTLS1_BAD_VER) appended a message sequence number to the ChangeCipherSpec.
            content.UInt16("Message Sequence", out var sequence);
            sequence.Text = "pre-standard DTLS (OpenSSL before 0.9.8f): the ChangeCipherSpec carried a handshake message sequence number";
        }

        content.EnsureEnd();
    }
}
