namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>
/// RFC 5246 §7.4.7: EncryptedPreMasterSecret (RSA) or ClientDiffieHellmanPublic; RFC 8422 §5.7 ECPoint ecdh_Yc;
/// RFC 4279 §2 psk_identity first for PSK suites.
/// </summary>
internal sealed class ClientKeyExchangeDissector : IHandshakeDissector
{
    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        var kind = KeyExchangeKinds.Of(context);
        if (kind is KeyExchangeKind.Psk or KeyExchangeKind.DhePsk or KeyExchangeKind.EcdhePsk or KeyExchangeKind.RsaPsk)
        {
            var identity = body.Vector(2, "PSK Identity", out var identityNode, "names the pre-shared key the client uses");
            identityNode.Value = System.Text.Encoding.UTF8.GetString(identity.RemainingSpan);
            if (!identity.IsEmpty)
            {
                identity.Rest("Identity", identityNode.Value);
            }
        }

        switch (kind)
        {
            case KeyExchangeKind.Rsa or KeyExchangeKind.RsaPsk:
                if (context.IsSsl3Style)
                {
                    // RFC 6101 §5.6.7.1: SSL 3.0 (and pre-standard OpenSSL DTLS) send the encrypted secret without a length.
                    body.Rest("Encrypted PreMaster Secret", FieldReader.Bytes(body.Remaining), RsaText);
                    break;
                }

                var pms = body.Vector(2, "Encrypted PreMaster Secret", out var pmsNode, RsaText, minLength: 1);
                pmsNode.Value = FieldReader.Bytes(pms.Remaining);
                pms.Rest("Ciphertext", FieldReader.Bytes(pms.Remaining));
                break;
            case KeyExchangeKind.Ecdhe or KeyExchangeKind.EcdhePsk:
                var point = body.Vector(1, "Public Key", out var pointNode, "the client's ephemeral ECDH public key; with the server's it gives the pre-master secret", minLength: 1);
                pointNode.Value = FieldReader.Bytes(point.Remaining);
                point.Rest("Point", HexText.Spaced(point.RemainingSpan));
                break;
            case KeyExchangeKind.Dhe or KeyExchangeKind.DhePsk:
                var yc = body.Vector(2, "DH Public Key (Yc)", out var ycNode, "the client's ephemeral Diffie-Hellman public value", minLength: 1);
                ycNode.Value = FieldReader.Bytes(yc.Remaining);
                yc.Rest("Value", HexText.Spaced(yc.RemainingSpan));
                break;
            case KeyExchangeKind.Psk:
                break;
            default:
                body.Rest("Exchange Keys", FieldReader.Bytes(body.Remaining), "key-exchange data of a kind not dissected");
                return;
        }

        body.EnsureEnd();
    }

    private const string RsaText = "a random 48-byte pre-master secret encrypted with the server's RSA public key: whoever has the server's private key can decrypt this connection, even later (no forward secrecy)";
}
