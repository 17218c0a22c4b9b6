using System.Globalization;
using TlsExtcap.Core.Dissection.Builtin.Extensions;

namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>
/// RFC 8446 §4.6.1: struct { uint32 ticket_lifetime; uint32 ticket_age_add; opaque ticket_nonce&lt;0..255&gt;;
/// opaque ticket&lt;1..2^16-1&gt;; Extension extensions&lt;0..2^16-2&gt;; } NewSessionTicket;
/// RFC 5077 §3.3 (TLS 1.2): struct { uint32 ticket_lifetime_hint; opaque ticket&lt;0..2^16-1&gt;; }.
/// </summary>
internal sealed class NewSessionTicketDissector : IHandshakeDissector
{
    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        uint lifetime = body.UInt32(context.IsTls13 ? "Lifetime" : "Lifetime Hint", out var lifetimeNode);
        lifetimeNode.Value = Seconds(lifetime);
        lifetimeNode.Text = context.IsTls13
            ? "how long the ticket may be used, in seconds; at most 7 days (RFC 8446 §4.6.1)"
            : lifetime == 0 ? "0: no lifetime hint" : "how long the server suggests the client keep the ticket";
        if (context.IsTls13)
        {
            body.UInt32("Age Add", out var ageNode);
            ageNode.Value = HexText.Spaced(ageNode.Bytes);
            ageNode.Text = "random value added to the ticket age the client reports, so resumptions cannot be linked by observers (RFC 8446 §4.6.1)";
            // The ticket_nonce arrived in draft-ietf-tls-tls13-21.
            bool hasNonce = (context.Version & 0xff00) != 0x7f00 || (context.Version & 0xff) >= 21;
            if (hasNonce)
            {
                var nonce = body.Vector(1, "Nonce", out var nonceNode, "makes each ticket's resumption PSK unique: PSK = HKDF-Expand-Label(resumption_master_secret, \"resumption\", nonce)");
                nonceNode.Value = HexText.Spaced(nonce.RemainingSpan);
                if (!nonce.IsEmpty)
                {
                    nonce.Rest("Value", HexText.Spaced(nonce.RemainingSpan));
                }
            }
        }

        var ticket = body.Vector(2, "Ticket", out var ticketNode, "opaque to the client: typically the session state encrypted with a key only the server knows");
        ticketNode.Value = FieldReader.Bytes(ticket.Remaining);
        if (!ticket.IsEmpty)
        {
            ticket.Rest("Ticket Data", FieldReader.Bytes(ticket.Remaining));
        }

        if (context.IsTls13)
        {
            ExtensionList.Dissect(ref body, context, "Extensions");
        }

        body.EnsureEnd();
        body.Parent.Value = $"{body.Parent.Value}; valid {Seconds(lifetime)}";
    }

    private static string Seconds(uint seconds) => seconds switch
    {
        0 => "0 s",
        _ when seconds % 86400 == 0 => string.Create(CultureInfo.InvariantCulture, $"{seconds} s ({seconds / 86400} d)"),
        _ when seconds % 3600 == 0 => string.Create(CultureInfo.InvariantCulture, $"{seconds} s ({seconds / 3600} h)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds} s"),
    };
}
