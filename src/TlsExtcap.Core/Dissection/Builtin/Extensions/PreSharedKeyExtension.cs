using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>
/// RFC 8446 §4.2.11: ClientHello: OfferedPsks { PskIdentity identities&lt;7..2^16-1&gt;; PskBinderEntry
/// binders&lt;33..2^16-1&gt;; }; ServerHello: uint16 selected_identity.
/// </summary>
internal sealed class PreSharedKeyExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.PreSharedKey)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        if (!context.FromClient)
        {
            ushort selected = data.UInt16("Selected Identity", out var selectedNode);
            selectedNode.Text = "index of the client's offered PSK the server accepted: the session is resumed (or keyed by an external PSK)";
            data.Parent.Value = $"identity {selected} accepted";
            data.EnsureEnd();
            return;
        }

        var identities = data.Vector(2, "Identities", out var identitiesNode, null, minLength: 7);
        int count = 0;
        while (!identities.IsEmpty)
        {
            var peek = identities.Peek(2);
            int length = (peek[0] << 8) | peek[1];
            var identity = identities.Struct("PSK Identity", 2 + length + 4, out var identityNode);
            var label = identity.Vector(2, "Identity", out var labelNode, "a session ticket from an earlier connection, or the name of an external PSK", minLength: 1);
            labelNode.Value = FieldReader.Bytes(label.Remaining);
            label.Rest("Ticket", FieldReader.Bytes(label.Remaining));
            identity.UInt32("Obfuscated Ticket Age", out var ageNode);
            ageNode.Text = "the ticket's age in milliseconds plus the server's ticket_age_add, so that an observer cannot link resumptions (RFC 8446 §4.2.11.1)";
            identity.EnsureEnd();
            identityNode.Value = FieldReader.Bytes(length);
            count++;
        }

        identitiesNode.Value = Describe.Count(count, "identity", "identities");
        var binders = data.Vector(2, "Binders", out var bindersNode, "an HMAC per identity over the ClientHello up to here, proving the client knows the PSK (RFC 8446 §4.2.11.2)", minLength: 33);
        int binderCount = 0;
        while (!binders.IsEmpty)
        {
            var binder = binders.Vector(1, "PSK Binder", out var binderNode, null, minLength: 32);
            binderNode.Value = HexText.Spaced(binder.RemainingSpan);
            binder.Rest("Binder", FieldReader.Bytes(binder.Remaining));
            binderCount++;
        }

        bindersNode.Value = Describe.Count(binderCount, "binder", "binders");
        data.Parent.Value = $"{Describe.Count(count, "PSK", "PSKs")} offered";
        data.EnsureEnd();
    }
}
