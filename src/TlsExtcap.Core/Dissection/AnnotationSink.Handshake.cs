using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection;

public sealed partial class AnnotationSink
{
    /// <summary>RFC 8446 §4: msg_type (1) and uint24 length.</summary>
    private const int HandshakeHeaderLength = 4;

    /// <summary>RFC 6347 §4.2.2: msg_type, length, message_seq, fragment_offset, fragment_length.</summary>
    private const int DtlsHandshakeHeaderLength = 12;

    /// <summary>
    /// The handshake messages of one record's content (RFC 8446 §5.1: a record may hold several messages,
    /// and a message may span records). A message that lies whole in the record is dissected in place; the
    /// bytes of one that continues in a later record are kept, and the whole message is dissected, in a
    /// source of its own, under the record that completes it.
    /// </summary>
    private void DissectHandshakeContent(ref FieldReader content, long recordNumber, ConnectionFacts facts, DissectionContext context)
    {
        if (context.IsDtls)
        {
            DissectDtlsHandshakeContent(ref content, facts, context);
            return;
        }

        var pending = context.FromClient ? facts.ClientPending : facts.ServerPending;
        if (pending is not null)
        {
            int take = Math.Min(content.Remaining, pending.Missing);
            var piece = content.Peek(take);
            foreach (byte b in piece)
            {
                pending.Bytes.Add(b);
            }

            if (pending.ExpectedLength > 0 && pending.Missing > 0 && take == content.Remaining && pending.Bytes.Count < PartialMessage.MaxLength)
            {
                content.Field("Handshake Fragment", take, $"{FieldReader.Bytes(take)} more of {HandshakeName(pending.Bytes[0])}",
                    "the message continues in the next record (RFC 8446 §5.1)");
                return;
            }

            if (pending.ExpectedLength < 0 && take == content.Remaining)
            {
                content.Field("Handshake Fragment", take, FieldReader.Bytes(take), "part of a handshake header split across records");
                return;
            }

            content.Field("Handshake Fragment", take, $"last {FieldReader.Bytes(take)} of {HandshakeName(pending.Bytes[0])}",
                $"completes a message begun in record {pending.FirstRecord}; the whole message is shown reassembled");
            SetPending(facts, context, null);
            if (pending.Missing == 0)
            {
                byte[] message = [.. pending.Bytes];
                var source = new DataSource(DataSourceKind.Reassembled, $"handshake:c{context.Connection.Id}:{Short(context.Direction)}:m{++facts.Messages}", _frame,
                    message, $"Reassembled {HandshakeName(message[0])} (records {pending.FirstRecord}–{recordNumber})");
                var node = content.Parent.Add(new AnnotationNode(HandshakeName(message[0]), source, 0, message.Length));
                DissectMessage(node, facts, context);
            }
        }

        while (!content.IsEmpty)
        {
            var rest = content.RemainingSpan;
            int length = rest.Length < HandshakeHeaderLength ? -1 : (rest[1] << 16) | (rest[2] << 8) | rest[3];
            if (length < 0 || rest.Length < HandshakeHeaderLength + length)
            {
                if (length > PartialMessage.MaxLength)
                {
                    throw new TlsDecodeException(TlsDecodeError.LengthTooLarge, "Handshake", $"{length} bytes");
                }

                var partial = new PartialMessage(recordNumber);
                foreach (byte b in rest)
                {
                    partial.Bytes.Add(b);
                }

                SetPending(facts, context, partial);
                content.Rest("Handshake Fragment", length < 0 ? FieldReader.Bytes(rest.Length) : $"first {FieldReader.Bytes(rest.Length)} of {HandshakeName(rest[0])} ({FieldReader.Bytes(HandshakeHeaderLength + length)})",
                    "the message continues in the next record (RFC 8446 §5.1)");
                return;
            }

            var message = content.Field(HandshakeName(rest[0]), HandshakeHeaderLength + length);
            DissectMessage(message, facts, context);
        }
    }

    private static void SetPending(ConnectionFacts facts, DissectionContext context, PartialMessage? pending)
    {
        if (context.FromClient)
        {
            facts.ClientPending = pending;
        }
        else
        {
            facts.ServerPending = pending;
        }
    }

    /// <summary>One whole handshake message (header included) at <paramref name="message"/>.</summary>
    private void DissectMessage(AnnotationNode message, ConnectionFacts facts, DissectionContext context)
    {
        var bytes = message.Bytes;
        var type = (HandshakeType)bytes[0];
        bool retry = type == HandshakeType.ServerHello && ServerHelloIsRetry(bytes);
        message.Name = retry ? "HelloRetryRequest" : HandshakeName(bytes[0]);
        message.Value = $"{FieldReader.Bytes(bytes.Length)}, {Arrow(context.Direction)}";
        message.Text = retry
            ? "a ServerHello with the special HelloRetryRequest random: the server asks the client to try again with other parameters, usually another key share (RFC 8446 §4.1.4)"
            : HandshakeTypes.Registry.GetDescription(bytes[0]);
        var r = FieldReader.Over(message, message.Name);
        var header = r.Struct("Handshake Header", HandshakeHeaderLength, out _, HexText.Spaced(bytes[..HandshakeHeaderLength]),
            context.IsTls13 || context.Version == 0 ? "message type and length of the handshake message (RFC 8446 §4)" : "message type and length of the handshake message (RFC 5246 §7.4)");
        byte typeByte = header.UInt8("Message Type", out var typeNode);
        typeNode.Value = $"{typeByte} ({HandshakeTypes.Registry.GetName(typeByte)})";
        int length = header.UInt24("Length", out var lengthNode);
        lengthNode.Value = FieldReader.Bytes(length);
        lengthNode.Text = "length of the message body";
        var body = new FieldReader(message, message.Offset + HandshakeHeaderLength, length, message.Name);
        DissectBody(ref body, type, context);
        facts.Verifier.OnMessage(bytes, context);
    }

    private void DissectBody(ref FieldReader body, HandshakeType type, DissectionContext context)
    {
        context.Message = type;
        try
        {
            if (_registry.HandshakeTypes.TryGet(type, out var dissector))
            {
                dissector.Dissect(ref body, context);
            }
            else if (!body.IsEmpty)
            {
                body.Rest("Body", FieldReader.Bytes(body.Remaining), "not dissected");
            }
        }
        catch (TlsDecodeException ex)
        {
            MarkMalformed(body.Parent, ex);
        }
        catch (Exception ex) when (!Strict && ex is not OutOfMemoryException and not TlsDecodeException)
        {
            // A plugin's (or our) dissector failed: the message still counts for the transcript checks.
            var node = body.Parent.Add(new AnnotationNode("Dissector failed", body.Parent.Source, body.Parent.Offset, 0, "annotation failed",
                $"the {type} dissector threw {ex.GetType().Name}: {ex.Message}"));
            node.Severity = AnnotationSeverity.Error;
        }
        finally
        {
            context.Message = null;
        }
    }

    /// <summary>DTLS handshake fragments (RFC 6347 §4.2.3): each is shown; a whole message is also dissected.</summary>
    private void DissectDtlsHandshakeContent(ref FieldReader content, ConnectionFacts facts, DissectionContext context)
    {
        while (content.Remaining >= DtlsHandshakeHeaderLength)
        {
            var rest = content.RemainingSpan;
            int fragmentLength = (rest[9] << 16) | (rest[10] << 8) | rest[11];
            int total = DtlsHandshakeHeaderLength + fragmentLength;
            if (total > rest.Length)
            {
                break;
            }

            var message = content.Field(HandshakeName(rest[0]), total, null, HandshakeTypes.Registry.GetDescription(rest[0]));
            var r = FieldReader.Over(message, message.Name);
            var header = r.Struct("Handshake Header", DtlsHandshakeHeaderLength, out _, HexText.Spaced(rest[..DtlsHandshakeHeaderLength]),
                "DTLS handshake header: type, length, message sequence, fragment offset and length (RFC 6347 §4.2.2)");
            byte typeByte = header.UInt8("Message Type", out var typeNode);
            typeNode.Value = $"{typeByte} ({HandshakeTypes.Registry.GetName(typeByte)})";
            int length = header.UInt24("Length", out var lengthNode);
            lengthNode.Value = FieldReader.Bytes(length);
            header.UInt16("Message Sequence", out var seqNode);
            seqNode.Text = "numbers the handshake messages, so that lost or reordered datagrams can be detected (RFC 6347 §4.2.2)";
            int fragmentOffset = header.UInt24("Fragment Offset", out _);
            header.UInt24("Fragment Length", out var fragNode);
            fragNode.Value = FieldReader.Bytes(fragmentLength);
            var body = new FieldReader(message, message.Offset + DtlsHandshakeHeaderLength, fragmentLength, message.Name);
            if (fragmentOffset == 0 && fragmentLength == length)
            {
                message.Value = $"{FieldReader.Bytes(length)}, {Arrow(context.Direction)}";
                DissectBody(ref body, (HandshakeType)typeByte, context);
                facts.Verifier.OnMessage(message.Bytes, context);
            }
            else
            {
                message.Value = $"fragment: bytes {fragmentOffset}–{fragmentOffset + fragmentLength} of {length}";
                var fragment = body.Rest("Fragment", FieldReader.Bytes(fragmentLength), "one piece of a message split across records or datagrams (RFC 6347 §4.2.3)");
                int sequence = (rest[4] << 8) | rest[5];
                var key = (context.FromClient, sequence);
                if (length <= PartialMessage.MaxLength)
                {
                    if (!facts.DtlsPending.TryGetValue(key, out var pending) || pending.Body.Length != length || pending.Type != typeByte)
                    {
                        pending = new DtlsPartialMessage(typeByte, length, sequence);
                        facts.DtlsPending[key] = pending;
                    }

                    if (pending.Add(fragmentOffset, fragment.Bytes) && pending.Complete)
                    {
                        facts.DtlsPending.Remove(key);
                        byte[] whole = pending.ToMessage();
                        var source = new DataSource(DataSourceKind.Reassembled, $"handshake:c{context.Connection.Id}:{Short(context.Direction)}:m{++facts.Messages}", _frame,
                            whole, $"Reassembled {HandshakeName(typeByte)} ({FieldReader.Bytes(length)} from fragments)");
                        var node = content.Parent.Add(new AnnotationNode(HandshakeName(typeByte), source, 0, whole.Length,
                            $"{FieldReader.Bytes(length)}, {Arrow(context.Direction)}, reassembled from fragments", HandshakeTypes.Registry.GetDescription(typeByte)));
                        var wholeReader = FieldReader.Over(node, node.Name);
                        wholeReader.Field("Handshake Header", DtlsHandshakeHeaderLength, HexText.Spaced(whole.AsSpan(0, DtlsHandshakeHeaderLength)),
                            "the message's DTLS header, as if it had been sent in one fragment");
                        var wholeBody = new FieldReader(node, DtlsHandshakeHeaderLength, length, node.Name);
                        DissectBody(ref wholeBody, (HandshakeType)typeByte, context);
                        facts.Verifier.OnMessage(whole, context);
                    }
                }
            }
        }

        if (!content.IsEmpty)
        {
            content.Rest("Trailing Bytes", FieldReader.Bytes(content.Remaining), "not a whole DTLS handshake fragment");
        }

        Learn(facts, context);
    }

    /// <summary>RFC 8446 §4.1.3: a HelloRetryRequest is a ServerHello whose random is SHA-256("HelloRetryRequest").</summary>
    internal static bool ServerHelloIsRetry(ReadOnlySpan<byte> message) =>
        message.Length >= HandshakeHeaderLength + 2 + 32 && message.Slice(HandshakeHeaderLength + 2, 32).SequenceEqual(HelloRetryRandom);

    internal static ReadOnlySpan<byte> HelloRetryRandom =>
    [
        0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
        0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
    ];

    private static string HandshakeName(byte type) => HandshakeTypes.Registry.GetName(type);
}
