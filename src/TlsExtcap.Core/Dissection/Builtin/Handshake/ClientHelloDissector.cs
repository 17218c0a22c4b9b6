using TlsExtcap.Core.Dissection.Builtin.Extensions;

namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>
/// RFC 8446 §4.1.2 (and RFC 5246 §7.4.1.2):
/// <code>
/// struct { ProtocolVersion legacy_version; Random random; opaque legacy_session_id&lt;0..32&gt;;
///          CipherSuite cipher_suites&lt;2..2^16-2&gt;; opaque legacy_compression_methods&lt;1..2^8-1&gt;;
///          Extension extensions&lt;8..2^16-1&gt;; } ClientHello;
/// </code>
/// DTLS adds opaque cookie&lt;0..2^8-1&gt; after the session id (RFC 6347 §4.2.1).
/// </summary>
internal sealed class ClientHelloDissector : IHandshakeDissector
{
    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        ushort version = HelloFields.LegacyVersion(ref body, context, client: true);
        HelloFields.Random(ref body, context, client: true, retry: false);
        HelloFields.SessionId(ref body, context, client: true);
        if (context.IsDtls)
        {
            var cookie = body.Vector(1, "Cookie", out var cookieNode, "empty at first; the cookie from a HelloVerifyRequest when the client tries again (RFC 6347 §4.2.1)");
            cookieNode.Value = cookie.IsEmpty ? "empty" : FieldReader.Bytes(cookie.Remaining);
            if (!cookie.IsEmpty)
            {
                cookie.Rest("Value", HexText.Spaced(cookie.RemainingSpan));
            }
        }

        var suites = body.Vector(2, "Cipher Suites", out var suitesNode, "the cipher suites the client supports, in order of preference; the server picks one",
            minLength: 2, lengthText: null);
        int count = 0;
        int tls13 = 0;
        while (!suites.IsEmpty)
        {
            ushort suite = suites.UInt16("Cipher Suite", out var node);
            CipherSuiteText.Annotate(node, suite);
            count++;
            tls13 += suite is >= 0x1301 and <= 0x1305 ? 1 : 0;
        }

        suitesNode.Value = tls13 > 0 && tls13 < count
            ? $"{count} suites: {tls13} for TLS 1.3, {count - tls13} for older versions"
            : Describe.Count(count, "suite", "suites");
        suitesNode.Children[0].Text = $"length of the list in bytes: {count} two-byte suites";

        var methods = body.Vector(1, "Legacy Compression Methods", out var methodsNode, null, minLength: 1);
        bool onlyNull = true;
        while (!methods.IsEmpty)
        {
            byte method = methods.UInt8("Compression Method", out var node);
            node.Value = method == 0 ? "null (0)" : method == 1 ? "DEFLATE (1)" : method.ToString(System.Globalization.CultureInfo.InvariantCulture);
            node.Text = method == 0 ? "no compression" : "TLS compression leaks secrets (CRIME); TLS 1.3 forbids it";
            onlyNull &= method == 0;
        }

        methodsNode.Value = onlyNull ? "null only" : "compression offered";
        methodsNode.Text = "TLS compression was abandoned after the CRIME attack; TLS 1.3 requires exactly one method, null (RFC 8446 §4.1.2)";
        methodsNode.Severity = onlyNull ? AnnotationSeverity.None : AnnotationSeverity.Warning;

        // RFC 5246 §7.4.1.2: a TLS 1.2 ClientHello may end here, without extensions.
        if (!body.IsEmpty)
        {
            ExtensionList.Dissect(ref body, context);
        }

        body.EnsureEnd();
        body.Parent.Value = $"{body.Parent.Value}; legacy version {Tls.Session.TlsVersionNames.GetName(version)}";
    }
}
