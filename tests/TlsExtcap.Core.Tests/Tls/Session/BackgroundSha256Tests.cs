using System.Security.Cryptography;
using TlsExtcap.Core.Tls.Session;
using Xunit;

namespace TlsExtcap.Core.Tests.Tls.Session;

public sealed class BackgroundSha256Tests
{
    /// <summary>Streams appended in turns, dealt to several hashing threads: each digest is its own stream's.</summary>
    [Fact]
    public void Finish_ManyStreamsInterleaved_EachDigestOfItsOwnBytes()
    {
        var random = new Random(11);
        var hashers = Enumerable.Range(0, 9).Select(_ => new BackgroundSha256()).ToArray();
        var streams = hashers.Select(_ => new MemoryStream()).ToArray();
        for (int n = 0; n < 400; n++)
        {
            int which = random.Next(hashers.Length);
            byte[] data = new byte[random.Next(1, 70_000)];
            random.NextBytes(data);
            hashers[which].Append(data);
            streams[which].Write(data);
        }

        for (int i = 0; i < hashers.Length; i++)
        {
            Assert.Equal(SHA256.HashData(streams[i].ToArray()), hashers[i].Finish());
        }
    }

    [Fact]
    public void Finish_NothingAppended_DigestOfEmpty()
    {
        Assert.Equal(SHA256.HashData(ReadOnlySpan<byte>.Empty), new BackgroundSha256().Finish());
    }
}
