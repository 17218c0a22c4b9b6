using System.IO.Compression;
using TlsExtcap.Core.Dissection.Registries;

namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>
/// RFC 8879 §4: struct { CertificateCompressionAlgorithm algorithm; uint24 uncompressed_length; opaque
/// compressed_certificate_message&lt;1..2^24-1&gt;; } CompressedCertificate. zlib and Brotli messages are
/// decompressed (bounded by uncompressed_length) and dissected as the Certificate they hold.
/// </summary>
internal sealed class CompressedCertificateDissector : IHandshakeDissector
{
    /// <summary>Largest decompressed Certificate body accepted (RFC 8879 §4: uint24).</summary>
    private const int MaxUncompressed = 1 << 20;

    public void Dissect(ref FieldReader body, DissectionContext context)
    {
        ushort algorithm = body.UInt16("Algorithm", out var algorithmNode);
        Describe.Named(algorithmNode, MiscRegistries.CertificateCompression, algorithm);
        int length = body.UInt24("Uncompressed Length", out var lengthNode);
        lengthNode.Value = FieldReader.Bytes(length);
        var compressed = body.Vector(3, "Compressed Certificate Message", out var compressedNode, null, minLength: 1);
        compressedNode.Value = FieldReader.Bytes(compressed.Remaining);
        var data = compressed.Rest("Compressed Data", FieldReader.Bytes(compressed.Remaining));
        body.EnsureEnd();
        byte[]? plain = length <= MaxUncompressed ? Decompress(algorithm, data.Bytes, length) : null;
        if (plain is null)
        {
            data.Text = "not decompressed (algorithm not supported here, or the data is not valid)";
            return;
        }

        var source = new DataSource(DataSourceKind.Reassembled, $"decompressed:c{context.Connection.Id}:{data.Source.Id}:{data.Offset}", context.Frame,
            plain, $"Decompressed Certificate ({FieldReader.Bytes(plain.Length)})");
        var certificate = data.Add(new AnnotationNode("Certificate (decompressed)", source, 0, plain.Length, FieldReader.Bytes(plain.Length),
            "the Certificate message body the compressed data holds"));
        if (context.Registry.HandshakeTypes.TryGet(Tls.Wire.HandshakeType.Certificate, out var dissector))
        {
            var reader = FieldReader.Over(certificate, "Certificate");
            var saved = context.Message;
            context.Message = Tls.Wire.HandshakeType.Certificate;
            try
            {
                dissector.Dissect(ref reader, context);
            }
            catch (Tls.TlsDecodeException ex)
            {
                AnnotationSink.MarkMalformed(certificate, ex);
            }
            finally
            {
                context.Message = saved;
            }
        }
    }

    private static byte[]? Decompress(ushort algorithm, ReadOnlySpan<byte> data, int length)
    {
        try
        {
            using var input = new MemoryStream(data.ToArray());
            using Stream decoder = algorithm switch
            {
                1 => new ZLibStream(input, CompressionMode.Decompress),
                2 => new BrotliStream(input, CompressionMode.Decompress),
                _ => Stream.Null,
            };
            if (decoder == Stream.Null)
            {
                return null;
            }

            // RFC 8879 §4: the result must be exactly uncompressed_length bytes; read one more to tell.
            byte[] output = new byte[length + 1];
            int total = 0;
            int read;
            while (total < output.Length && (read = decoder.Read(output, total, output.Length - total)) > 0)
            {
                total += read;
            }

            return total == length ? output[..length] : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
