using System.Text;
using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>RFC 7301 §3.1: ProtocolName protocol_name_list&lt;2..2^16-1&gt;; ProtocolName opaque&lt;1..2^8-1&gt;.</summary>
internal sealed class AlpnExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.ApplicationLayerProtocolNegotiation)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        var list = data.Vector(2, "Protocol Name List", out var listNode, null, minLength: 2);
        var names = new List<string>();
        while (!list.IsEmpty)
        {
            var name = list.Vector(1, "Protocol Name", out var nameNode, null, minLength: 1);
            string text = Encoding.ASCII.GetString(name.RemainingSpan);
            name.Rest("Name", text);
            nameNode.Value = text;
            nameNode.Text = text switch
            {
                "h2" => "HTTP/2 (RFC 9113)",
                "http/1.1" => "HTTP/1.1 (RFC 9112)",
                "http/1.0" => "HTTP/1.0",
                "h3" => "HTTP/3 over QUIC (RFC 9114)",
                "dot" => "DNS over TLS (RFC 7858)",
                "acme-tls/1" => "ACME TLS-ALPN-01 certificate validation (RFC 8737)",
                _ => null,
            };
            names.Add(text);
        }

        data.EnsureEnd();
        listNode.Value = string.Join(", ", names);
        if (!context.FromClient)
        {
            // RFC 7301 §3.1: the server's list holds exactly one protocol, the one selected.
            data.Parent.Value = $"selected {string.Join(", ", names)}";
            if (names.Count == 1)
            {
                context.Alpn = names[0];
            }
        }
        else
        {
            data.Parent.Value = $"offered {string.Join(", ", names)}";
        }
    }
}
