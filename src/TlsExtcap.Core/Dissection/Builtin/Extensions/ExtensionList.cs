using TlsExtcap.Core.Dissection.Registries;
using TlsExtcap.Core.Tls;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>
/// RFC 8446 §4.2: Extension extensions&lt;0..2^16-1&gt;, each struct { ExtensionType extension_type;
/// opaque extension_data&lt;0..2^16-1&gt;; }. Each extension goes to its dissector from the registry; one that
/// breaks its own format is marked and the next one is read.
/// </summary>
internal static class ExtensionList
{
    public static void Dissect(ref FieldReader reader, DissectionContext context, string name = "Extensions")
    {
        var list = reader.Vector(2, name, out var listNode, "the extensions of this message, each a type, a length and data (RFC 8446 §4.2)");
        int count = 0;
        var seen = new HashSet<int>();
        while (!list.IsEmpty)
        {
            var head = list.Peek(Math.Min(4, list.Remaining));
            if (head.Length < 4)
            {
                throw new TlsDecodeException(TlsDecodeError.Truncated, "Extension", "fewer than 4 bytes left");
            }

            int type = (head[0] << 8) | head[1];
            int length = (head[2] << 8) | head[3];
            if (4 + length > list.Remaining)
            {
                throw new TlsDecodeException(TlsDecodeError.Truncated, "Extension", $"{ExtensionTypes.Registry.GetName(type)}: {length} bytes declared, {list.Remaining - 4} left");
            }

            string typeName = ExtensionTypes.Registry.GetName(type);
            var extension = list.Struct($"Extension: {typeName}", 4 + length, out var extensionNode);
            count++;
            ushort typeValue = extension.UInt16("Type", out var typeNode);
            Describe.Named(typeNode, ExtensionTypes.Registry, typeValue);
            int dataLength = extension.UInt16("Length", out var lengthNode);
            lengthNode.Value = FieldReader.Bytes(dataLength);
            lengthNode.Text = "length of the extension data";
            bool registered = context.Registry.Extensions.TryGet((ExtensionType)type, out var dissector);
            extensionNode.Text = registered ? dissector!.Purpose : ExtensionTypes.Registry.GetDescription(type);
            if (!seen.Add(type) && !ExtensionTypes.Registry.IsGrease(type))
            {
                // RFC 8446 §4.2: there MUST NOT be more than one extension of the same type.
                extensionNode.Severity = AnnotationSeverity.Error;
                extensionNode.Value = "duplicate: forbidden by RFC 8446 §4.2";
            }

            var data = new FieldReader(extensionNode, extension.SourceOffset, dataLength, typeName);
            try
            {
                if (registered)
                {
                    dissector!.Dissect(ref data, context);
                }
                else if (ExtensionTypes.Registry.IsGrease(type))
                {
                    extensionNode.Text = ExtensionTypes.Registry.GetDescription(type);
                    if (!data.IsEmpty)
                    {
                        data.Rest("Data", FieldReader.Bytes(data.Remaining), "arbitrary GREASE data");
                    }
                }
                else if (!data.IsEmpty)
                {
                    data.Rest("Data", FieldReader.Bytes(data.Remaining), "not dissected");
                }
            }
            catch (TlsDecodeException ex)
            {
                AnnotationSink.MarkMalformed(extensionNode, ex);
            }
        }

        listNode.Value = Describe.Count(count, "extension", "extensions");
    }
}
