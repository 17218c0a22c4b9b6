using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>RFC 5077 §3.2: SessionTicket extension_data is empty, or a ticket to resume with.</summary>
internal sealed class SessionTicketExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.SessionTicket)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        if (data.IsEmpty)
        {
            data.Parent.Value = context.FromClient ? "empty: the client would like a ticket" : "empty: the server will send a NewSessionTicket";
            return;
        }

        data.Parent.Value = $"ticket of {FieldReader.Bytes(data.Remaining)}: the client asks to resume a session";
        data.Rest("Ticket", FieldReader.Bytes(data.Remaining), "opaque to the client: the session state, encrypted by the server with a key only it knows (RFC 5077 §4)");
    }
}
