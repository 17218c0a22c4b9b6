using System.Text;
using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>RFC 6066 §3: ServerName server_name_list&lt;1..2^16-1&gt;; struct { NameType name_type; HostName host_name; }.</summary>
internal sealed class ServerNameExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.ServerName)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        if (data.IsEmpty)
        {
            // RFC 6066 §3: the server sends an empty server_name when it used the name.
            data.Parent.Value = "acknowledged (empty)";
            data.Parent.Text = "the server says it used the name the client sent to choose its certificate (RFC 6066 §3)";
            return;
        }

        var list = data.Vector(2, "Server Name List", out var listNode, null, minLength: 1);
        var names = new List<string>();
        while (!list.IsEmpty)
        {
            var peek = list.Peek(3);
            int length = (peek[1] << 8) | peek[2];
            var entry = list.Struct("Server Name", 3 + length, out var entryNode);
            byte type = entry.UInt8("Name Type", out var typeNode);
            Describe.Named(typeNode, MiscRegistries.ServerNameTypes, type);
            var host = entry.Vector(2, "Host Name", out var hostNode, null, minLength: 1);
            string name = Encoding.ASCII.GetString(host.RemainingSpan);
            host.Rest("Name", name, "the host name, in clear text: anyone on the path can see which site is visited");
            hostNode.Value = name;
            entryNode.Value = name;
            entry.EnsureEnd();
            names.Add(name);
        }

        listNode.Value = string.Join(", ", names);
        data.Parent.Value = string.Join(", ", names);
        data.EnsureEnd();
    }
}
