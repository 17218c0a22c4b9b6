using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>RFC 8449 §4: uint16 RecordSizeLimit, at least 64.</summary>
internal sealed class RecordSizeLimitExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.RecordSizeLimit)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        ushort limit = data.UInt16("Record Size Limit", out var node);
        node.Value = FieldReader.Bytes(limit);
        node.Text = limit < 64
            ? "below 64: forbidden, the peer must abort with illegal_parameter (RFC 8449 §4)"
            : "the largest protected record plaintext the sender accepts (in TLS 1.3 including the content type byte)";
        node.Severity = limit < 64 ? AnnotationSeverity.Error : AnnotationSeverity.None;
        data.Parent.Value = node.Value;
        data.EnsureEnd();
    }
}
