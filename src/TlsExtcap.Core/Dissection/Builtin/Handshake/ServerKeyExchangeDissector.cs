using TlsExtcap.Core.Dissection.Registries;

namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>
/// RFC 5246 §7.4.3 / RFC 8422 §5.4 / RFC 4279 §2: the server's ephemeral key-exchange parameters and, for
/// signed suites, a signature over client_random + server_random + params.
/// </summary>
internal sealed class ServerKeyExchangeDissector : IHandshakeDissector
{
    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        var kind = KeyExchangeKinds.Of(context);
        int start = body.SourceOffset;
        if (kind is KeyExchangeKind.Psk or KeyExchangeKind.DhePsk or KeyExchangeKind.EcdhePsk or KeyExchangeKind.RsaPsk)
        {
            // RFC 4279 §2: opaque psk_identity_hint<0..2^16-1>.
            var hint = body.Vector(2, "PSK Identity Hint", out var hintNode, "helps the client choose which pre-shared key to use");
            hintNode.Value = hint.IsEmpty ? "empty" : System.Text.Encoding.UTF8.GetString(hint.RemainingSpan);
            if (!hint.IsEmpty)
            {
                hint.Rest("Hint", hintNode.Value);
            }
        }

        switch (kind)
        {
            case KeyExchangeKind.Ecdhe or KeyExchangeKind.EcdhePsk:
                Ecdh(ref body);
                break;
            case KeyExchangeKind.Dhe or KeyExchangeKind.DhePsk:
                Dh(ref body);
                break;
            case KeyExchangeKind.Psk or KeyExchangeKind.RsaPsk:
                break;
            default:
                body.Rest("Parameters", FieldReader.Bytes(body.Remaining), "key-exchange parameters of a kind not dissected");
                return;
        }

        int paramsLength = body.SourceOffset - start;
        if (!KeyExchangeKinds.IsSigned(context) || body.IsEmpty)
        {
            body.EnsureEnd();
            return;
        }

        ushort scheme = 0;
        if (context.HasSignatureAlgorithms)
        {
            scheme = body.UInt16("Signature Algorithm", out var schemeNode);
            Describe.Named(schemeNode, SignatureSchemes.Registry, scheme);
        }

        var signature = body.Vector(2, "Signature", out var signatureNode,
            "the server signs both randoms and these parameters with its certificate's key, so the client knows the key share is really the server's (RFC 5246 §7.4.3)");
        signature.Rest("Signature Value", FieldReader.Bytes(signature.Remaining));
        body.EnsureEnd();
        context.Checks?.CheckServerKeyExchange(signatureNode, scheme, body.Source.Bytes.Span.Slice(start, paramsLength), context);
    }

    /// <summary>RFC 8422 §5.4: ECParameters curve_params (curve_type, named_curve); ECPoint public (opaque point&lt;1..2^8-1&gt;).</summary>
    private static void Ecdh(ref FieldReader body)
    {
        byte curveType = body.UInt8("Curve Type", out var typeNode);
        Describe.Named(typeNode, MiscRegistries.EcCurveTypes, curveType);
        if (curveType == 3)
        {
            ushort group = body.UInt16("Named Curve", out var groupNode);
            Describe.Named(groupNode, NamedGroups.Registry, group);
        }

        var point = body.Vector(1, "Public Key", out var pointNode, "the server's ephemeral ECDH public key", minLength: 1);
        pointNode.Value = FieldReader.Bytes(point.Remaining);
        point.Rest("Point", HexText.Spaced(point.RemainingSpan));
    }

    /// <summary>RFC 5246 §7.4.3: ServerDHParams { opaque dh_p&lt;1..2^16-1&gt;; opaque dh_g&lt;1..2^16-1&gt;; opaque dh_Ys&lt;1..2^16-1&gt;; }.</summary>
    private static void Dh(ref FieldReader body)
    {
        var p = body.Vector(2, "DH Prime (p)", out var pNode, "the prime modulus of the Diffie-Hellman group", minLength: 1);
        pNode.Value = $"{p.Remaining * 8}-bit prime";
        pNode.Severity = p.Remaining < 256 ? AnnotationSeverity.Warning : AnnotationSeverity.None;
        if (p.Remaining < 256)
        {
            pNode.Text += "; below 2048 bits, considered weak (Logjam)";
        }

        p.Rest("Value", HexText.Spaced(p.RemainingSpan));
        var g = body.Vector(2, "DH Generator (g)", out var gNode, "the generator of the group", minLength: 1);
        gNode.Value = HexText.Spaced(g.RemainingSpan);
        g.Rest("Value", gNode.Value);
        var ys = body.Vector(2, "DH Public Key (Ys)", out var ysNode, "the server's ephemeral public value g^x mod p", minLength: 1);
        ysNode.Value = FieldReader.Bytes(ys.Remaining);
        ys.Rest("Value", HexText.Spaced(ys.RemainingSpan));
    }
}
