namespace TlsExtcap.Core.Crypto;

/// <summary>RFC 5246 §6.2.3.1 NULL cipher: the fragment is the plaintext (plus MAC).</summary>
internal sealed class NullStreamCipher : IStreamCipher
{
    public bool IsStateful => false;

    public void Process(ReadOnlySpan<byte> input, Span<byte> output) => input.CopyTo(output);

    public void Dispose()
    {
    }
}
