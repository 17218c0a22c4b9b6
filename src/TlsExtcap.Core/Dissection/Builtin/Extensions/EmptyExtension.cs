using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>
/// Extensions whose presence is the message (extended_master_secret, encrypt_then_mac, post_handshake_auth,
/// early_data in ClientHello/EncryptedExtensions): extension_data is empty.
/// </summary>
internal sealed class EmptyExtension(ExtensionType type, string? presence = null) : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)type) ?? string.Empty;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        if (!data.IsEmpty)
        {
            data.Rest("Data", FieldReader.Bytes(data.Remaining), "unexpected: this extension has no data");
            data.Parent.Severity = AnnotationSeverity.Warning;
            return;
        }

        data.Parent.Value = presence ?? (context.FromClient ? "offered (no data)" : "accepted (no data)");
    }
}
