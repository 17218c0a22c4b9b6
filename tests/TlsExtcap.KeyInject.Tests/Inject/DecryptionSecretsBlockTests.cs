using System.Text;
using TlsExtcap.KeyInject.Inject;

namespace TlsExtcap.KeyInject.Tests.Inject;

public class DecryptionSecretsBlockTests
{
    [Theory]
    // The little-endian example of the project's Wireshark notes (§4.7): 20 bytes of secrets, no padding.
    [InlineData("little-endian", false, "CLIENT_RANDOM 00 11\n",
        "0a000000" + "28000000" + "4b534c54" + "14000000" + "434c49454e545f52414e444f4d2030302031310a" + "28000000")]
    [InlineData("big-endian", true, "CLIENT_RANDOM 00 11\n",
        "0000000a" + "00000028" + "544c534b" + "00000014" + "434c49454e545f52414e444f4d2030302031310a" + "00000028")]
    [InlineData("padded", false, "A\n",
        "0a000000" + "18000000" + "4b534c54" + "02000000" + "410a0000" + "18000000")]
    public void Write_Secrets_MatchesPcapngLayout(string label, bool bigEndian, string secrets, string expectedHex)
    {
        using var output = new MemoryStream();

        DecryptionSecretsBlock.Write(output, Encoding.ASCII.GetBytes(secrets), bigEndian);

        Assert.True(expectedHex.Equals(Convert.ToHexStringLower(output.ToArray()), StringComparison.Ordinal), label);
    }

    [Fact]
    public void Payloads_ManyLines_SplitAtLineEndsWithinTheLimit()
    {
        var lines = Enumerable.Range(0, 5000).Select(i => $"CLIENT_RANDOM {i:x64} {new string('a', 96)}").ToList();

        var payloads = DecryptionSecretsBlock.Payloads(lines).ToList();

        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.True(p.Length <= DecryptionSecretsBlock.MaxDataLength && p[^1] == (byte)'\n'));
        Assert.Equal(string.Concat(lines.Select(l => l + "\n")), string.Concat(payloads.Select(Encoding.ASCII.GetString)));
    }

    [Fact]
    public void Payloads_NoLines_NoBlock()
    {
        Assert.Empty(DecryptionSecretsBlock.Payloads([]));
    }
}
