using System.Globalization;
using System.Text;
using TlsExtcap.Core.Dissection;

namespace TlsExtcap.Plugins.Http;

/// <summary>
/// Annotates the HTTP/1.1 messages that start in a decrypted record (RFC 9112 §2.1): start line (method,
/// target and version, or version, status and reason), each header field, and the body bytes in the record.
/// A record that continues a body is shown as body data.
/// </summary>
public sealed class Http1Dissector : IApplicationDataDissector, IHeuristicDissector
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

    public string Name => "http";

    public void Dissect(ref FieldReader data, DissectionContext context)
    {
        if (!TryDissect(ref data, context) && !data.IsEmpty)
        {
            data.Rest("HTTP Body Data", FieldReader.Bytes(data.Remaining), "the continuation of an HTTP message body begun in an earlier record");
        }
    }

    public bool TryDissect(ref FieldReader data, DissectionContext context)
    {
        var bytes = data.RemainingSpan;
        int lineEnd = bytes.IndexOf("\r\n"u8);
        if (lineEnd <= 0)
        {
            return false;
        }

        string startLine = Encoding.ASCII.GetString(bytes[..lineEnd]);
        bool response = startLine.StartsWith("HTTP/1.", StringComparison.Ordinal);
        bool request = !response && Methods.Any(m => startLine.StartsWith(m + " ", StringComparison.Ordinal)) && startLine.Contains(" HTTP/1.", StringComparison.Ordinal);
        if (!response && !request)
        {
            return false;
        }

        int headerEnd = bytes.IndexOf("\r\n\r\n"u8);
        int headLength = headerEnd < 0 ? bytes.Length : headerEnd + 4;
        var message = data.Struct(response ? "HTTP Response" : "HTTP Request", headLength, out var messageNode, startLine,
            response ? "an HTTP/1.1 response (RFC 9112 §4)" : "an HTTP/1.1 request (RFC 9112 §3)");
        StartLine(ref message, startLine, response);
        long? contentLength = null;
        while (message.Remaining > 2)
        {
            var rest = message.RemainingSpan;
            int end = rest.IndexOf("\r\n"u8);
            if (end < 0)
            {
                message.Rest("Header Fragment", FieldReader.Bytes(message.Remaining), "the header section continues in the next record");
                return true;
            }

            string line = Encoding.ASCII.GetString(rest[..end]);
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string name = colon > 0 ? line[..colon] : line;
            string value = colon > 0 ? line[(colon + 1)..].Trim() : string.Empty;
            message.Field($"Header: {name}", end + 2, value, HeaderText(name));
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && long.TryParse(value, CultureInfo.InvariantCulture, out long length))
            {
                contentLength = length;
            }
        }

        if (message.Remaining == 2)
        {
            message.Field("End of Headers", 2, "CRLF", "an empty line ends the header section (RFC 9112 §2.1)");
        }

        messageNode.Value = startLine;
        if (!data.IsEmpty)
        {
            string text = contentLength is { } declared
                ? $"the body: {FieldReader.Bytes(data.Remaining)} here of the {FieldReader.Bytes(declared)} Content-Length declares"
                : "the body";
            data.Rest("HTTP Body", FieldReader.Bytes(data.Remaining), text);
        }

        return true;
    }

    private static void StartLine(ref FieldReader message, string line, bool response)
    {
        var start = message.Struct(response ? "Status Line" : "Request Line", Encoding.ASCII.GetByteCount(line) + 2, out _, line);
        string[] parts = line.Split(' ', 3);
        string[] names = response ? ["HTTP Version", "Status Code", "Reason Phrase"] : ["Method", "Request Target", "HTTP Version"];
        for (int i = 0; i < parts.Length; i++)
        {
            int length = parts[i].Length + (i < parts.Length - 1 ? 1 : 0);
            start.Field(names[i], length, parts[i], i == 1 && response ? StatusText(parts[i]) : null);
        }

        start.Field("CRLF", 2);
        start.EnsureEnd();
    }

    private static string? StatusText(string code) => code.Length == 3 ? code[0] switch
    {
        '1' => "informational",
        '2' => "success",
        '3' => "redirection",
        '4' => "client error",
        '5' => "server error",
        _ => null,
    } : null;

    private static string? HeaderText(string name) => name.ToLowerInvariant() switch
    {
        "host" => "the host and port the request is for (RFC 9110 §7.2); it should match the TLS server_name",
        "user-agent" => "the client software",
        "content-length" => "the body's length in bytes",
        "content-type" => "the body's media type",
        "transfer-encoding" => "how the body is framed, e.g. chunked (RFC 9112 §6.1)",
        "connection" => "connection options, e.g. close",
        "accept" => "the media types the client accepts",
        "server" => "the server software",
        "date" => "when the response was made",
        _ => null,
    };
}
