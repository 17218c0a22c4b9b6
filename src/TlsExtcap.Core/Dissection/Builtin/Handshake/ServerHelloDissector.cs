using TlsExtcap.Core.Dissection.Builtin.Extensions;

namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>
/// RFC 8446 §4.1.3 (and RFC 5246 §7.4.1.3), also for the HelloRetryRequest, which is a ServerHello with a
/// fixed random:
/// <code>
/// struct { ProtocolVersion legacy_version; Random random; opaque legacy_session_id_echo&lt;0..32&gt;;
///          CipherSuite cipher_suite; uint8 legacy_compression_method; Extension extensions&lt;6..2^16-1&gt;; } ServerHello;
/// </code>
/// </summary>
internal sealed class ServerHelloDissector : IHandshakeDissector
{
    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        bool retry = AnnotationSink.ServerHelloIsRetry(body.Source.Bytes.Span.Slice(body.Parent.Offset, body.Parent.Length));
        ushort version = HelloFields.LegacyVersion(ref body, context, client: false);
        context.Version = version;
        // draft-ietf-tls-tls13-21 and earlier: { version; random; cipher_suite; extensions } — no session id echo, no compression.
        bool earlyDraft = (version & 0xff00) == 0x7f00 && (version & 0xff) < 22;
        if (earlyDraft)
        {
            body.Parent.Children[^1].Text = "a draft TLS 1.3 version (before draft 22 the ServerHello carried the version here, without session id or compression)";
        }

        HelloFields.Random(ref body, context, client: false, retry);
        if (!earlyDraft)
        {
            HelloFields.SessionId(ref body, context, client: false);
        }

        ushort suite = HelloFields.CipherSuite(ref body, context);
        if (!earlyDraft)
        {
            byte method = body.UInt8("Legacy Compression Method", out var methodNode);
            methodNode.Value = method == 0 ? "null (0)" : $"{method} (compression!)";
            methodNode.Text = method == 0 ? "no compression (RFC 8446 §4.1.3: always 0 in TLS 1.3)" : "TLS compression is insecure (CRIME)";
            methodNode.Severity = method == 0 ? AnnotationSeverity.None : AnnotationSeverity.Warning;
        }
        if (!body.IsEmpty)
        {
            ExtensionList.Dissect(ref body, context, "Extensions");
        }

        body.EnsureEnd();
        if (context.Version == version && !earlyDraft)
        {
            // No supported_versions: the version was negotiated the TLS 1.2 way, in this field.
            var versionNode = body.Parent.Children.First(n => n.Name == "ServerHello Version");
            versionNode.Text = "the version the server chose, at most the client's legacy_version (RFC 5246 §7.4.1.3)";
        }

        if (context.IsTls13 && body.Parent.Children.FirstOrDefault(n => n.Name == "Session ID") is { } echo)
        {
            echo.Name = "Legacy Session ID Echo";
            echo.Text = "must echo the client's legacy_session_id (RFC 8446 §4.1.3); TLS 1.3 resumes with PSKs, not session ids";
            body.Parent.Children.First(n => n.Name == "ServerHello Version").Text =
                "always 03 03 (TLS 1.2) in TLS 1.3, for middleboxes that only know TLS 1.2; the version chosen is in supported_versions (RFC 8446 §4.1.3)";
        }

        body.Parent.Value = retry
            ? $"{body.Parent.Value}; asks the client to retry"
            : $"{body.Parent.Value}; {Tls.Session.TlsVersionNames.GetName(context.Version)}, {Crypto.CipherSuiteRegistry.GetName(suite)}";
    }
}
