using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>RFC 8446 §4.2.10: empty in ClientHello and EncryptedExtensions; uint32 max_early_data_size in NewSessionTicket.</summary>
internal sealed class EarlyDataExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.EarlyData)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        if (context.Message == HandshakeType.NewSessionTicket)
        {
            uint max = data.UInt32("Max Early Data Size", out var maxNode);
            maxNode.Value = FieldReader.Bytes(max);
            maxNode.Text = "how much 0-RTT data a client resuming with this ticket may send";
            data.Parent.Value = $"up to {FieldReader.Bytes(max)} of 0-RTT data";
            data.EnsureEnd();
            return;
        }

        data.EnsureEnd();
        data.Parent.Value = context.FromClient
            ? "the client sends 0-RTT data right after this ClientHello, protected with the client early traffic keys"
            : "the server accepted the client's 0-RTT data";
    }
}
