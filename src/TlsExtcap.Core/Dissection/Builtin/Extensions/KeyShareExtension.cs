using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>
/// RFC 8446 §4.2.8: ClientHello: KeyShareEntry client_shares&lt;0..2^16-1&gt;; ServerHello: KeyShareEntry
/// server_share; HelloRetryRequest: NamedGroup selected_group. KeyShareEntry = { NamedGroup group;
/// opaque key_exchange&lt;1..2^16-1&gt;; }.
/// </summary>
internal sealed class KeyShareExtension : IExtensionDissector
{
    public string Purpose => ExtensionTypes.Registry.GetDescription((int)ExtensionType.KeyShare)!;

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        if (context.FromClient)
        {
            var list = data.Vector(2, "Client Shares", out var listNode, "one public key per group the client guesses the server will pick; the server picks one or asks for another with a HelloRetryRequest");
            var groups = new List<string>();
            while (!list.IsEmpty)
            {
                groups.Add(Entry(ref list, context));
            }

            listNode.Value = groups.Count == 0 ? "empty: the client waits for a HelloRetryRequest to learn the group" : string.Join(", ", groups);
            data.Parent.Value = listNode.Value;
            data.EnsureEnd();
            return;
        }

        if (data.Remaining == 2)
        {
            ushort group = data.UInt16("Selected Group", out var groupNode);
            Describe.Named(groupNode, NamedGroups.Registry, group, "the group the client must send a key share for in its second ClientHello (RFC 8446 §4.2.8)");
            data.Parent.Value = $"retry with {NamedGroups.Registry.GetName(group)}";
            return;
        }

        data.Parent.Value = Entry(ref data, context);
        data.EnsureEnd();
    }

    private static string Entry(ref FieldReader reader, DissectionContext context)
    {
        var peek = reader.Peek(4);
        int length = (peek[2] << 8) | peek[3];
        var entry = reader.Struct("Key Share Entry", 4 + length, out var entryNode);
        ushort group = entry.UInt16("Group", out var groupNode);
        Describe.Named(groupNode, NamedGroups.Registry, group);
        var key = entry.Vector(2, "Key Exchange", out var keyNode, null, minLength: 1);
        keyNode.Value = FieldReader.Bytes(key.Remaining);
        string groupName = NamedGroups.Registry.GetName(group);
        var publicKey = key.Rest("Public Key", HexText.Spaced(key.RemainingSpan), KeyText(group, key.Remaining, context.FromClient));
        entry.EnsureEnd();
        entryNode.Value = $"{groupName}, {FieldReader.Bytes(publicKey.Length)}";
        return groupName;
    }

    private static string KeyText(int group, int length, bool fromClient)
    {
        string who = fromClient ? "the client's" : "the server's";
        return group switch
        {
            29 => $"{who} ephemeral X25519 public key (32 bytes, RFC 7748); combined with the peer's private key it gives the shared secret",
            30 => $"{who} ephemeral X448 public key (56 bytes, RFC 7748)",
            23 or 24 or 25 => $"{who} ephemeral elliptic-curve point, uncompressed (04 || x || y, RFC 8446 §4.2.8.2)",
            _ when NamedGroups.IsFiniteField(group) => $"{who} finite-field Diffie-Hellman public value, left-padded to the size of the prime (RFC 8446 §4.2.8.1)",
            4588 => $"{who} hybrid share: {(fromClient ? "an ML-KEM-768 encapsulation key (1184 bytes) then an X25519 public key (32 bytes)" : "an ML-KEM-768 ciphertext (1088 bytes) then an X25519 public key (32 bytes)")}",
            _ => $"{who} key-exchange value ({FieldReader.Bytes(length)})",
        };
    }
}
