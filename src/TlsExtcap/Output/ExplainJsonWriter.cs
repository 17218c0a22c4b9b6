using System.Text.Encodings.Web;
using System.Text.Json;
using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Output;

/// <summary>
/// <c>explain --json</c>: <c>{"frames": [{frame, connection, direction, client, server, sources, nodes}]}</c>;
/// every node has name, source (the frame number, or a source id such as "decrypted:c1:s2c:r3"), offset,
/// length, hex, value, text, severity and children. Each frame's <c>sources</c> lists the non-frame sources
/// with their bytes.
/// </summary>
internal static class ExplainJsonWriter
{
    public static void Write(TextWriter output, IReadOnlyList<FrameAnnotation> frames)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("frames");
            foreach (var frame in frames)
            {
                WriteFrame(json, frame);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteFrame(Utf8JsonWriter json, FrameAnnotation frame)
    {
        json.WriteStartObject();
        json.WriteNumber("frame", frame.Frame);
        json.WriteNumber("connection", frame.Connection.Id);
        json.WriteString("direction", frame.Direction == Direction.ClientToServer ? "client_to_server" : "server_to_client");
        json.WriteString("client", frame.Connection.Client.ToString());
        json.WriteString("server", frame.Connection.Server.ToString());
        json.WriteStartArray("sources");
        foreach (var source in frame.ExtraSources())
        {
            json.WriteStartObject();
            json.WriteString("id", source.Id);
            json.WriteString("kind", source.Kind.ToString().ToLowerInvariant());
            json.WriteString("description", source.Description);
            json.WriteNumber("length", source.Bytes.Length);
            json.WriteString("hex", HexText.Plain(source.Bytes.Span));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("nodes");
        foreach (var node in frame.Nodes)
        {
            WriteNode(json, node);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter json, AnnotationNode node)
    {
        json.WriteStartObject();
        json.WriteString("name", node.Name);
        if (node.Source.Kind == DataSourceKind.Frame)
        {
            json.WriteNumber("source", node.Source.Frame);
        }
        else
        {
            json.WriteString("source", node.Source.Id);
        }

        json.WriteNumber("offset", node.Offset);
        json.WriteNumber("length", node.Length);
        json.WriteString("hex", HexText.Plain(node.Bytes));
        WriteNullable(json, "value", node.Value);
        WriteNullable(json, "text", node.Text);
        json.WriteString("severity", node.Severity.ToString().ToLowerInvariant());
        json.WriteStartArray("children");
        foreach (var child in node.Children)
        {
            WriteNode(json, child);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
