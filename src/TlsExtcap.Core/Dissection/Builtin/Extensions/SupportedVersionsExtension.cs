using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>
/// RFC 8446 §4.2.1: in a ClientHello ProtocolVersion versions&lt;2..254&gt;; in a ServerHello or
/// HelloRetryRequest the one selected_version — which is the version of the connection.
/// </summary>
internal sealed class SupportedVersionsExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.SupportedVersions)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        if (context.FromClient)
        {
            var list = data.Vector(1, "Versions", out var listNode, "in order of preference", minLength: 2);
            var names = new List<string>();
            while (!list.IsEmpty)
            {
                ushort version = list.UInt16("Version", out var node);
                node.Value = Describe.Version(version);
                if (ExtensionTypes.Registry.IsGrease(version))
                {
                    node.Name += " (GREASE)";
                    node.Text = ExtensionTypes.Registry.GetDescription(version);
                }

                names.Add(Tls.Session.TlsVersionNames.GetName(version));
            }

            listNode.Value = string.Join(", ", names);
            data.Parent.Value = string.Join(", ", names);
            data.EnsureEnd();
            return;
        }

        ushort selected = data.UInt16("Selected Version", out var selectedNode);
        selectedNode.Value = Describe.Version(selected);
        selectedNode.Text = "the version of this connection; the legacy_version field before it is only for old middleboxes (RFC 8446 §4.1.3)";
        data.Parent.Value = Tls.Session.TlsVersionNames.GetName(selected);
        context.Version = selected;
        data.EnsureEnd();
    }
}
