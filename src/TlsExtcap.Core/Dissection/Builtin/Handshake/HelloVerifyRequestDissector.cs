namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>RFC 6347 §4.2.1: struct { ProtocolVersion server_version; opaque cookie&lt;0..2^8-1&gt;; } HelloVerifyRequest.</summary>
internal sealed class HelloVerifyRequestDissector : IHandshakeDissector
{
    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        ushort version = body.UInt16("Server Version", out var versionNode);
        versionNode.Value = Describe.Version(version);
        var cookie = body.Vector(1, "Cookie", out var cookieNode, "the client must send this back in a second ClientHello: proof that it receives at its address, against spoofed-source floods (RFC 6347 §4.2.1)");
        cookieNode.Value = FieldReader.Bytes(cookie.Remaining);
        if (!cookie.IsEmpty)
        {
            cookie.Rest("Value", HexText.Spaced(cookie.RemainingSpan));
        }

        body.EnsureEnd();
    }
}
