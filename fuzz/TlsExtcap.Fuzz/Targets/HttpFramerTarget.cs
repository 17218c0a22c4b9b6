using System.Text;
using TlsExtcap.Extcap;

namespace TlsExtcap.Fuzz.Targets;

/// <summary>
/// The pdu mode's message framer over decrypted bytes (what a server or client sent inside TLS):
/// HTTP/1.x headers and bodies, HTTP/2 frames. The first input byte picks the protocol and the
/// chunk size; the framer must hand back exactly the bytes it was given, in order, in messages no
/// larger than its limit allows.
/// </summary>
public static class HttpFramerTarget
{
    private static readonly string[] Protocols = ["http", "http2", "other"];

    public static void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var framer = new ApplicationMessageFramer(Protocols[input[0] % Protocols.Length]);
        int chunk = 1 + (input[0] * 7 % 251);
        var data = input.AsSpan(1);
        var output = new List<byte>(data.Length);
        for (int offset = 0; offset < data.Length; offset += chunk)
        {
            var piece = data.Slice(offset, Math.Min(chunk, data.Length - offset));
            foreach (byte[] message in framer.Add(piece))
            {
                if (message.Length == 0)
                {
                    throw new InvalidOperationException("framer invariant broken: an empty message");
                }

                output.AddRange(message);
            }
        }

        if (framer.Rest() is { } rest)
        {
            output.AddRange(rest);
        }

        if (!data.SequenceEqual(output.ToArray()))
        {
            throw new InvalidOperationException("framer invariant broken: the messages are not the bytes given");
        }
    }

    public static IReadOnlyList<byte[]> Seeds() =>
    [
        [0, .. Encoding.ASCII.GetBytes("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")],
        [1, .. Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 0, 0, 6, 4, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 100, 0, 0, 0, 4, 1, 0, 0, 0, 0],
        [3, .. Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\nContent-Length: -3\r\n\r\nbody runs to the end")],
        [2, 1, 2, 3, 4],
    ];
}
