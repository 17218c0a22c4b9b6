using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace TlsExtcap.Core.Crypto;

/// <summary>RC4 (BouncyCastle; .NET has none). RFC 5246 §6.2.3.1: the key stream runs on across records.</summary>
internal sealed class Rc4StreamCipher : IStreamCipher
{
    private readonly RC4Engine _engine = new();

    public Rc4StreamCipher(ReadOnlySpan<byte> key) => _engine.Init(false, new KeyParameter(key));

    public bool IsStateful => true;

    public void Process(ReadOnlySpan<byte> input, Span<byte> output) => _engine.ProcessBytes(input, output);

    public void Dispose() => _engine.Reset();
}
