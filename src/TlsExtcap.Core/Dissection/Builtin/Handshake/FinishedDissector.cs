namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>RFC 8446 §4.4.4: struct { opaque verify_data[Hash.length]; } Finished; RFC 5246 §7.4.9: 12 bytes.</summary>
internal sealed class FinishedDissector : IHandshakeDissector
{
    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        var verify = body.Rest("Verify Data", null, context.IsTls13
            ? "HMAC of the transcript hash with the finished key derived from the sender's handshake traffic secret (RFC 8446 §4.4.4)"
            : "PRF(master_secret, \"client/server finished\", hash of the handshake messages), 12 bytes (RFC 5246 §7.4.9)");
        if (context.Checks is { } checks)
        {
            checks.CheckFinished(verify, context);
        }

        body.Parent.Value = $"{body.Parent.Value}; verify_data {verify.Value ?? "not checked"}";
        body.Parent.Severity = verify.Severity;
    }
}
