using System.Globalization;
using TlsExtcap.Core.Crypto;
using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection;

public sealed partial class AnnotationSink
{
    private AnnotationNode Annotate(TlsConnection connection, Direction direction, in RecordView record)
    {
        var facts = Facts(connection);
        var context = Context(connection, direction, facts);
        var (source, offset) = Locate(connection, direction, record);
        var type = record.Encrypted && record.Decrypted ? record.InnerType : record.OuterType;
        var node = new AnnotationNode(RecordTitle(record, type), source, offset, record.Wire.Length,
            $"{ContentTypes.Registry.GetName((int)type)}, {FieldReader.Bytes(record.Fragment.Length)}, {Arrow(direction)}",
            RecordText(record, source, context));
        if (record.HeaderLength == 2)
        {
            try
            {
                AnnotateSsl2Hello(node, record, facts, context);
            }
            catch (TlsDecodeException ex)
            {
                MarkMalformed(node, ex);
            }

            return node;
        }

        AnnotateHeader(node, record, context);
        int fragmentOffset = offset + record.HeaderLength;
        if (!record.Encrypted)
        {
            var content = new FieldReader(node, fragmentOffset, record.Fragment.Length, "fragment");
            DispatchContent(ref content, record.OuterType, record.Number, facts, context);
        }
        else
        {
            AnnotateProtected(node, fragmentOffset, record, facts, context);
        }

        Learn(facts, context);
        return node;
    }

    /// <summary>The frame, when the record lay whole in it; else a source holding the reassembled record.</summary>
    private (DataSource Source, int Offset) Locate(TlsConnection connection, Direction direction, in RecordView record)
    {
        var frame = _frameBytes.Span;
        if (frame.Overlaps(record.Wire, out int offset) && offset >= 0 && offset + record.Wire.Length <= frame.Length)
        {
            return (FrameSource(), offset);
        }

        var source = new DataSource(DataSourceKind.Reassembled, $"reassembled:c{connection.Id}:{Short(direction)}:r{record.Number}", _frame,
            record.Wire.ToArray(), $"Reassembled TLS record {record.Number} ({Arrow(direction)}, {FieldReader.Bytes(record.Wire.Length)})");
        return (source, 0);
    }

    private static string RecordTitle(in RecordView record, ContentType type)
    {
        string kind = type switch
        {
            ContentType.Handshake => "Handshake",
            ContentType.ChangeCipherSpec => "Change Cipher Spec",
            ContentType.Alert => "Alert",
            ContentType.ApplicationData => "Application Data",
            ContentType.Heartbeat => "Heartbeat",
            _ => ContentTypes.Registry.GetName((int)type),
        };
        string protection = !record.Encrypted ? string.Empty : record.Decrypted ? ", decrypted" : ", encrypted";
        return $"TLS record {record.Number.ToString(CultureInfo.InvariantCulture)}: {kind}{protection}";
    }

    private static string RecordText(in RecordView record, DataSource source, DissectionContext context)
    {
        string framing = context.IsTls13 || context.Version == 0 ? "RFC 8446 §5.1" : context.IsDtls ? "RFC 6347 §4.1" : "RFC 5246 §6.2.1";
        string protection = context.IsTls13 ? "RFC 8446 §5.2" : context.IsDtls ? "RFC 6347 §4.1.2" : "RFC 5246 §6.2.3";
        string where = source.Kind == DataSourceKind.Reassembled
            ? " It spanned several TCP segments; its bytes are shown reassembled."
            : string.Empty;
        if (!record.Encrypted)
        {
            return $"Every TLS message travels in records: a header (type, version, length) and the content ({framing})." + where;
        }

        return record.Decrypted
            ? $"A protected record: the content is encrypted and authenticated with the traffic keys; TlsExtcap decrypted it and its integrity check passed ({protection})." + where
            : $"A protected record that could not be decrypted: {FailureText(record.Failure)}." + where;
    }

    private static string FailureText(DecryptFailureReason? reason) => reason switch
    {
        DecryptFailureReason.NoKeys => "no keys for this connection (is its SSLKEYLOGFILE line missing?)",
        DecryptFailureReason.BadRecordMac => "the authentication tag did not verify (wrong keys, or the bytes were changed)",
        DecryptFailureReason.BadPadding => "the CBC padding was invalid (wrong keys?)",
        DecryptFailureReason.RecordTooShort => "the record is too short for this cipher suite",
        DecryptFailureReason.UnsupportedCipherSuite => "the cipher suite is not supported",
        DecryptFailureReason.NoHandshake => "the handshake was not captured, so the cipher suite is unknown",
        DecryptFailureReason.EarlyDataRejected => "0-RTT data the server rejected: it was never decrypted by the server either",
        DecryptFailureReason.StateLost => "the key state was lost (records missing from the capture)",
        null => "unknown reason",
        _ => reason.Value.ToString(),
    };

    private static void AnnotateHeader(AnnotationNode node, in RecordView record, DissectionContext context)
    {
        var r = new FieldReader(node, node.Offset, record.HeaderLength, "TLSPlaintext");
        var header = r.Struct("Record Header", record.HeaderLength, out var headerNode,
            HexText.Spaced(record.Wire[..record.HeaderLength]),
            record.HeaderLength == 13 ? "DTLS record header: type, version, epoch, sequence number, length (RFC 6347 §4.1)"
                : context.IsTls13 || context.Version == 0 ? "type, legacy version and length of the record (RFC 8446 §5.1)" : "type, version and length of the record (RFC 5246 §6.2.1)");
        byte type = header.UInt8("Content Type", out var typeNode);
        typeNode.Value = $"{type} ({ContentTypes.Registry.GetName(type)})";
        typeNode.Text = record.Encrypted && record.HeaderLength == 5 && context.IsTls13
            ? "TLS 1.3 labels every protected record application_data (23); the real type is the last non-zero byte inside the encrypted content (RFC 8446 §5.2)"
            : ContentTypes.Registry.GetDescription(type);
        ushort version = header.UInt16("Legacy Record Version", out var versionNode);
        versionNode.Value = $"{TlsVersionNames.GetName(version)} (0x{version:x4})";
        versionNode.Text = record.HeaderLength == 13
            ? "the DTLS version of the record"
            : version == 0x0301 && !record.Encrypted
                ? "TLS 1.0 in the first ClientHello record for compatibility with old middleboxes; it does not limit the version (RFC 8446 §5.1)"
                : version == 0x0303 && context.IsTls13
                    ? "always 03 03 (TLS 1.2) in TLS 1.3 records, for middlebox compatibility; the version was negotiated in supported_versions (RFC 8446 §5.1)"
                    : "the record-layer version";
        if (record.HeaderLength == 13)
        {
            ushort epoch = header.UInt16("Epoch", out var epochNode);
            epochNode.Text = epoch == 0 ? "epoch 0: not yet protected" : "counts the cipher state changes; records of epoch > 0 are protected (RFC 6347 §4.1)";
            header.UInt48("Sequence Number", out var seqNode);
            seqNode.Text = "explicit record sequence number, used in the MAC/nonce (RFC 6347 §4.1)";
        }

        int length = header.UInt16("Length", out var lengthNode);
        lengthNode.Value = FieldReader.Bytes(length);
        lengthNode.Text = "length of the record content that follows the header";
        header.EnsureEnd();
        _ = headerNode;
    }

    private void AnnotateProtected(AnnotationNode node, int fragmentOffset, in RecordView record, ConnectionFacts facts, DissectionContext context)
    {
        var layout = record.Layout;
        int fragmentLength = record.Fragment.Length;
        int prefix = Math.Min(layout.PrefixLength, fragmentLength);
        int suffix = Math.Min(layout.SuffixLength, fragmentLength - prefix);
        var r = new FieldReader(node, fragmentOffset, fragmentLength, "TLSCiphertext");
        if (prefix > 0)
        {
            r.Field(layout.Protection == RecordProtection.Block ? "Explicit IV" : "Explicit Nonce", prefix, HexText.Spaced(record.Fragment[..prefix]),
                layout.Protection == RecordProtection.Block
                    ? "the CBC initialisation vector of this record, sent in the clear (TLS 1.1+, RFC 4346 §6.2.3.2)"
                    : "the per-record part of the AEAD nonce, sent in the clear (RFC 5288 §3 for GCM, RFC 6655 §3 for CCM)");
        }

        var encrypted = r.Field("Encrypted Data", fragmentLength - prefix - suffix, null,
            layout.Protection switch
            {
                RecordProtection.Tls13Aead => "the encrypted TLSInnerPlaintext: content, real content type and padding (RFC 8446 §5.2)",
                RecordProtection.Block when !layout.EncryptThenMac => "CBC-encrypted content, MAC and padding (MAC-then-encrypt, RFC 5246 §6.2.3.2)",
                RecordProtection.Block => "CBC-encrypted content and padding (encrypt-then-MAC, RFC 7366)",
                RecordProtection.Stream => "stream-encrypted content and MAC (RFC 5246 §6.2.3.1)",
                RecordProtection.Aead => "AEAD-encrypted content (RFC 5246 §6.2.3.3)",
                _ => "encrypted content",
            });
        encrypted.Value = FieldReader.Bytes(encrypted.Length);
        if (suffix > 0)
        {
            r.Field(layout.Protection == RecordProtection.Block ? "MAC" : "Authentication Tag", suffix, HexText.Spaced(record.Fragment[^suffix..]),
                layout.Protection == RecordProtection.Block
                    ? "the HMAC over IV and ciphertext (encrypt-then-MAC, RFC 7366 §3)"
                    : "the AEAD authentication tag: decryption fails unless the record is exactly what the sender encrypted");
        }

        if (!record.Decrypted)
        {
            facts.Verifier.NoteUndecryptedRecord();
            encrypted.Severity = record.Failure == DecryptFailureReason.NoKeys ? AnnotationSeverity.Warning : AnnotationSeverity.Error;
            encrypted.Value = $"{FieldReader.Bytes(encrypted.Length)}, not decrypted: {FailureText(record.Failure)}";
            return;
        }

        var innerType = record.Encrypted && layout.Protection == RecordProtection.Tls13Aead ? record.InnerType : record.OuterType;
        if (!ApplicationData && innerType == ContentType.ApplicationData)
        {
            encrypted.Value = $"{FieldReader.Bytes(encrypted.Length)}, decrypted: {FieldReader.Bytes(record.ContentLength)} of application data";
            return;
        }

        var plaintext = record.Plaintext.ToArray();
        var source = new DataSource(DataSourceKind.Decrypted, $"decrypted:c{context.Connection.Id}:{Short(context.Direction)}:r{record.Number}", _frame,
            plaintext, $"Decrypted TLS record {record.Number} ({Arrow(context.Direction)})");
        var decrypted = node.Add(new AnnotationNode("Decrypted Content", source, 0, plaintext.Length, FieldReader.Bytes(plaintext.Length),
            record.Stage is { } stage ? $"decrypted with the {StageText(stage, record.Generation, context.Direction)}"
                : $"decrypted with the {(context.FromClient ? "client" : "server")} write key from the key block of the master secret (RFC 5246 §6.3)"));
        var content = new FieldReader(decrypted, 0, record.ContentLength, "content");
        DispatchContent(ref content, innerType, record.Number, facts, context);
        if (layout.Protection == RecordProtection.Tls13Aead && plaintext.Length > record.ContentLength)
        {
            var inner = new FieldReader(decrypted, record.ContentLength, plaintext.Length - record.ContentLength, "TLSInnerPlaintext");
            byte type = inner.UInt8("Inner Content Type", out var typeNode);
            typeNode.Value = $"{type} ({ContentTypes.Registry.GetName(type)})";
            typeNode.Text = "the record's real content type, hidden inside the encryption (RFC 8446 §5.4)";
            if (!inner.IsEmpty)
            {
                inner.Rest("Padding", FieldReader.Bytes(inner.Remaining), "zero bytes that hide the content's length (RFC 8446 §5.4)");
            }
        }
    }

    private static string StageText(Tls13Stage stage, int generation, Direction direction)
    {
        string side = direction == Direction.ClientToServer ? "client" : "server";
        return stage switch
        {
            Tls13Stage.Early => "client early traffic keys (0-RTT)",
            Tls13Stage.Handshake => $"{side} handshake traffic keys",
            _ => generation == 0 ? $"{side} application traffic keys" : $"{side} application traffic keys, generation {generation} (after KeyUpdate)",
        };
    }

    private void DispatchContent(ref FieldReader content, ContentType type, long recordNumber, ConnectionFacts facts, DissectionContext context)
    {
        try
        {
            switch (type)
            {
                case ContentType.Handshake:
                    DissectHandshakeContent(ref content, recordNumber, facts, context);
                    return;
                case ContentType.ApplicationData:
                    DissectApplicationData(ref content, facts, context);
                    return;
            }

            if (_registry.ContentTypes.TryGet(type, out var dissector))
            {
                dissector.Dissect(ref content, context);
            }
            else if (!content.IsEmpty)
            {
                content.Rest("Content", FieldReader.Bytes(content.Remaining), $"content of type {(int)type}, not dissected");
            }
        }
        catch (TlsDecodeException ex)
        {
            MarkMalformed(content.Parent, ex);
        }
    }

    private void DissectApplicationData(ref FieldReader content, ConnectionFacts facts, DissectionContext context)
    {
        if (content.IsEmpty)
        {
            return;
        }

        context.Alpn = facts.Alpn;
        var dissector = _registry.ForApplicationData(facts.Alpn, context.Connection.Server.Port, context.Connection.Client.Port);
        if (dissector is not null)
        {
            dissector.Dissect(ref content, context);
            return;
        }

        foreach (var heuristic in _registry.Heuristics)
        {
            var attempt = content;
            int before = content.Parent.Children.Count;
            if (heuristic.TryDissect(ref attempt, context) && content.Parent.Children.Count > before)
            {
                return;
            }
        }

        content.Rest("Data", FieldReader.Bytes(content.Remaining), "decrypted application data; no dissector recognised it");
    }

    internal static void MarkMalformed(AnnotationNode parent, TlsDecodeException ex)
    {
        var node = parent.Add(new AnnotationNode("Malformed", parent.Source, parent.Offset, 0, ex.Reason.ToString(), ex.Message));
        node.Severity = AnnotationSeverity.Error;
    }

    /// <summary>
    /// RFC 6101 Appendix E.2 / RFC 5246 Appendix E.2: the SSL 2.0 CLIENT-HELLO a client sends when it also
    /// accepts SSL 2: msg_type, version, three lengths, then cipher specs (3 bytes each), session id, challenge.
    /// </summary>
    private static void AnnotateSsl2Hello(AnnotationNode node, in RecordView record, ConnectionFacts facts, DissectionContext context)
    {
        var r = new FieldReader(node, node.Offset, record.Wire.Length, "SSLv2 CLIENT-HELLO");
        r.Field("Record Header", 2, HexText.Spaced(record.Wire[..2]),
            "SSL 2.0 record header: the high bit set, then a 15-bit length (RFC 5246 Appendix E.2); a client that still speaks SSL 2 sends its first hello this way");
        var hello = r.Struct("SSLv2 Client Hello", r.Remaining, out var helloNode, null, "a ClientHello in SSL 2.0 format; a TLS server reads it as a ClientHello (RFC 5246 Appendix E.2)");
        byte type = hello.UInt8("Message Type", out var typeNode);
        typeNode.Value = type == 1 ? "1 (CLIENT-HELLO)" : $"{type}";
        ushort version = hello.UInt16("Version", out var versionNode);
        versionNode.Value = Builtin.Describe.Version(version);
        versionNode.Text = "the highest version the client supports";
        int specs = hello.UInt16("Cipher Spec Length", out _);
        int session = hello.UInt16("Session ID Length", out _);
        int challengeLength = hello.UInt16("Challenge Length", out _);
        var list = hello.Struct("Cipher Specs", specs, out var listNode, $"{specs / 3} specs");
        while (list.Remaining >= 3)
        {
            var spec = list.Peek(3);
            var specNode = list.Field("Cipher Spec", 3);
            if (spec[0] == 0)
            {
                Builtin.Handshake.CipherSuiteText.Annotate(specNode, (ushort)((spec[1] << 8) | spec[2]));
            }
            else
            {
                specNode.Value = $"SSL 2.0 cipher kind {HexText.Spaced(spec)}";
            }
        }

        _ = listNode;
        if (session > 0)
        {
            hello.Field("Session ID", session, HexText.Spaced(hello.Peek(session)));
        }

        var challenge = hello.Field("Challenge", challengeLength, null,
            "random bytes; right-aligned and zero-padded to 32 bytes they are the client random (RFC 5246 Appendix E.2)");
        challenge.Value = HexText.Spaced(challenge.Bytes);
        hello.EnsureEnd();
        facts.Verifier.OnSsl2ClientHello(record.Wire[2..], challenge.Bytes);
        helloNode.Value = Builtin.Describe.Version(version);
        _ = context;
    }
}
