using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>Extensions that hold one byte from a registry: max_fragment_length (RFC 6066 §4), heartbeat (RFC 6520 §2).</summary>
internal sealed class ByteEnumExtension(ExtensionType type, string field, ValueRegistry registry) : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)type)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        byte value = data.UInt8(field, out var node);
        Describe.Named(node, registry, value);
        data.Parent.Value = registry.GetName(value);
        data.EnsureEnd();
    }
}
