using System.Security.Cryptography;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.KeyInject.Derive;

/// <summary>Helpers over a connection's ordered handshake messages.</summary>
internal static class Transcript
{
    /// <summary>Index of the first message of <paramref name="type"/> from the given side at or after <paramref name="start"/>; -1 if none.</summary>
    public static int Find(IReadOnlyList<HandshakeMessage> messages, int start, HandshakeType type, bool fromClient)
    {
        for (int i = Math.Max(start, 0); i < messages.Count; i++)
        {
            if (messages[i].Type == type && messages[i].FromClient == fromClient)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Hash of the concatenated messages (RFC 8446 §4.4.1 Transcript-Hash; RFC 5246 §7.4.9 handshake hash for TLS 1.2).</summary>
    public static byte[] Hash(HashAlgorithmName hash, IEnumerable<byte[]> messages)
    {
        using var h = IncrementalHash.CreateHash(hash);
        foreach (byte[] message in messages)
        {
            h.AppendData(message);
        }

        return h.GetHashAndReset();
    }

    /// <summary>RFC 2246 §7.4.9: TLS 1.0/1.1 hash the handshake with MD5 and SHA-1 side by side.</summary>
    public static byte[] Md5Sha1(IEnumerable<byte[]> messages)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        foreach (byte[] message in messages)
        {
            md5.AppendData(message);
            sha1.AppendData(message);
        }

        return [.. md5.GetHashAndReset(), .. sha1.GetHashAndReset()];
    }
}
