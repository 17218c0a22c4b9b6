using TlsExtcap.Core.Dissection.Registries;

namespace TlsExtcap.Core.Dissection.Builtin.Records;

/// <summary>RFC 6520 §4: struct { HeartbeatMessageType type; uint16 payload_length; opaque payload[..]; opaque padding[..]; }.</summary>
internal sealed class HeartbeatDissector : IContentDissector
{
    public void Dissect(ref FieldReader content, DissectionContext context)
    {
        byte type = content.UInt8("Type", out var typeNode);
        Describe.Named(typeNode, MiscRegistries.HeartbeatMessageTypes, type);
        int length = content.UInt16("Payload Length", out var lengthNode);
        lengthNode.Value = FieldReader.Bytes(length);
        // RFC 6520 §4: the payload and at least 16 bytes of padding must fit the record (Heartbleed ignored this).
        if (length + 16 > content.Remaining)
        {
            lengthNode.Severity = AnnotationSeverity.Error;
            lengthNode.Text = "longer than the record allows: a Heartbleed-style over-read request (CVE-2014-0160)";
            content.Rest("Payload", FieldReader.Bytes(content.Remaining));
            return;
        }

        content.Field("Payload", length, FieldReader.Bytes(length), "echoed back by the peer");
        content.Rest("Padding", FieldReader.Bytes(content.Remaining), "random padding, at least 16 bytes");
    }
}
