namespace TlsExtcap.Core.Crypto;

/// <summary>A stream cipher for GenericStreamCipher records (RFC 5246 §6.2.3.1).</summary>
internal interface IStreamCipher : IDisposable
{
    /// <summary>True when the key stream continues across records (RC4); false for the NULL cipher.</summary>
    bool IsStateful { get; }

    void Process(ReadOnlySpan<byte> input, Span<byte> output);
}
