using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>RFC 7685 §3: extension_data is zero bytes.</summary>
internal sealed class PaddingExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.Padding)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        data.Parent.Value = FieldReader.Bytes(data.Remaining);
        if (data.IsEmpty)
        {
            return;
        }

        bool zeros = data.RemainingSpan.IndexOfAnyExcept((byte)0) < 0;
        var node = data.Rest("Padding", FieldReader.Bytes(data.Remaining),
            zeros ? "all zero, as RFC 7685 §3 requires" : "not all zero: RFC 7685 §3 says the server must ignore it, but it should be zeros");
        node.Severity = zeros ? AnnotationSeverity.None : AnnotationSeverity.Warning;
    }
}
