using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>RFC 8446 §4.2.7: NamedGroup named_group_list&lt;2..2^16-1&gt;.</summary>
internal sealed class NamedGroupListExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.SupportedGroups)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        var list = data.Vector(2, "Named Group List", out var listNode, context.FromClient
            ? "in order of preference"
            : "the groups the server would have preferred (RFC 8446 §4.2.7); the client may use them next time", minLength: 2);
        var names = new List<string>();
        while (!list.IsEmpty)
        {
            ushort group = list.UInt16("Named Group", out var node);
            Describe.Named(node, NamedGroups.Registry, group);
            names.Add(NamedGroups.Registry.GetName(group));
        }

        listNode.Value = Describe.Count(names.Count, "group", "groups");
        data.Parent.Value = string.Join(", ", names);
        data.EnsureEnd();
    }
}
